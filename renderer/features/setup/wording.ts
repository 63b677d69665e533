import type { AccountMode, Security } from '../../../electron/contract';
import type { DiscoveryProtocol, DiscoverySource, SourceState } from '../../../electron/contract/wizard';

/**
 * The setup wizard's words, for someone who has never heard of POP or IMAP. Facts follow the
 * user's reference (shared/reference/pop-vs-imap.txt); the protocol names appear only in brackets.
 */

export const sourceLabel = (source: DiscoverySource, domain: string): string => {
  switch (source) {
    case 'builtin':
      return 'Homing’s own list of large mail providers';
    case 'ispdb':
      return 'Thunderbird’s database of mail providers';
    case 'provider':
      return `${domain}’s own settings file`;
    case 'mx':
      return `The company that receives mail for ${domain} (its MX record)`;
    case 'srv':
      return `Service records in ${domain}’s DNS (SRV)`;
    case 'guess':
      return 'Trying the usual server names';
  }
};

/** Where settings were found, to finish the sentence "Homing found the settings for X …". */
export const foundWhere = (source: DiscoverySource, domain: string): string => {
  switch (source) {
    case 'builtin':
      return 'in Homing’s own list of large mail providers';
    case 'ispdb':
      return 'in Thunderbird’s database of mail providers';
    case 'provider':
      return `in ${domain}’s own settings file`;
    case 'mx':
      return `through ${domain}’s MX record, which names the company that receives its mail`;
    case 'srv':
      return `in the service records (SRV) of ${domain}’s DNS`;
    case 'guess':
      return 'by trying the usual server names';
  }
};

export const sourceStateLabel = (state: SourceState): string => {
  switch (state) {
    case 'waiting':
      return 'Waiting';
    case 'searching':
      return 'Looking…';
    case 'found':
      return 'Found settings';
    case 'nothing':
      return 'Nothing there';
    case 'unreadable':
      return 'Answered with settings Homing cannot read';
    case 'failed':
      return 'Could not be reached';
    case 'timeout':
      return 'No answer in time';
    case 'skipped':
      return 'Not needed';
    case 'stopped':
      return 'Stopped';
  }
};

export const securityLabel = (security: Security): string => {
  switch (security) {
    case 'tls':
      return 'Encrypted from the start (TLS)';
    case 'starttls':
      return 'Encrypted after connecting (STARTTLS)';
    case 'none':
      return 'Not encrypted';
  }
};

export const protocolLabel = (protocol: DiscoveryProtocol): string =>
  protocol === 'imap' ? 'IMAP' : protocol === 'pop3' ? 'POP3' : 'SMTP';

export const serverRole = (protocol: DiscoveryProtocol): string =>
  protocol === 'smtp' ? 'Sending mail (SMTP)' : `Receiving mail (${protocolLabel(protocol)})`;

export const defaultPorts: Record<DiscoveryProtocol, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
  smtp: { tls: 465, starttls: 587, none: 587 },
};

export interface ModeCopy {
  title: string;
  protocol: string;
  points: string[];
}

export const modeCopy: Record<AccountMode, ModeCopy> = {
  imap: {
    title: 'Keep my mail on the server',
    protocol: 'IMAP — synced with your other devices',
    points: [
      'Your mail stays on your provider’s server; Homing shows it here.',
      'Every device — phone, laptop, webmail — sees the same mailbox, including what you read, move or delete.',
      'Only the messages you open (and recent ones, for reading offline) are downloaded, so new mail shows up quickly.',
      'How much you keep is limited by the size of your mailbox on the server.',
    ],
  },
  pop3: {
    title: 'Download my mail to this computer',
    protocol: 'POP3 — this computer only',
    points: [
      'New mail is downloaded to this computer and can be read without an internet connection.',
      'How much you keep is limited only by this computer’s disk.',
      'Other devices and webmail will not see what you read, move or delete here.',
      'Once the server’s copy is deleted, this computer holds the only copy — keep a backup.',
    ],
  },
};

export const otherDevicesQuestion = 'Will you read this mail on another device — a phone, a laptop, webmail?';

export const otherDevicesAnswers: { value: 'yes' | 'no' | 'unsure'; label: string }[] = [
  { value: 'yes', label: 'Yes, on other devices too' },
  { value: 'no', label: 'No, only on this computer' },
  { value: 'unsure', label: 'I’m not sure' },
];

export const recommendationReason = (answer: 'yes' | 'no' | 'unsure'): string => {
  switch (answer) {
    case 'yes':
      return 'Recommended: your other devices will see the same mail.';
    case 'no':
      return 'Recommended: your mail will be on this computer, readable offline.';
    case 'unsure':
      return 'Recommended when unsure: nothing is removed from the server, so you can still change your mind.';
  }
};

export const formatBytes = (bytes: number): string => {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // "1 GB", not "1.0 GB": one decimal only where it says something (1.5 GB).
  return `${value >= 10 || unit === 0 ? Math.round(value) : Number(value.toFixed(1))} ${units[unit]}`;
};
