import type { Account, Location, PopPolicy } from '../../../electron/contract';

/**
 * Every "where does my mail live" sentence in the UI comes from here, derived only from the
 * account's mode/policy and the message's `location` + `serverCopyUntil` (ARCHITECTURE.md).
 * Facts follow the user's reference (shared/reference/pop-vs-imap.txt): IMAP keeps mail on the
 * server for every device; POP3 downloads it to this computer and may remove the server's copy.
 */

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
export const formatDay = (ms: number): string => dateFormat.format(new Date(ms));

export const accountModeLabel = (account: Pick<Account, 'mode'>): string =>
  account.mode === 'imap' ? 'IMAP — kept on the server, synced with your other devices' : 'POP3 — downloaded to this computer';

export const policyLabel = (policy: PopPolicy): string => {
  switch (policy.kind) {
    case 'delete-after-download':
      return 'server copy deleted after download';
    case 'keep-days':
      return `server copy kept ${policy.days} ${policy.days === 1 ? 'day' : 'days'} after download`;
    case 'keep-until-deleted-here':
      return 'server copy kept until you delete it here';
    case 'keep-forever':
      return 'server copy kept forever';
  }
};

/** The consequence of each policy, spelled out where the user chooses it. */
export const policyConsequence = (policy: PopPolicy): string => {
  switch (policy.kind) {
    case 'delete-after-download':
      return 'Each message is removed from the server as soon as it is safely stored here. This computer then holds the only copy: other devices and webmail will not see it, and if this computer’s disk fails the mail is gone unless you back it up.';
    case 'keep-days':
      return `Messages stay on the server for ${policy.days} ${policy.days === 1 ? 'day' : 'days'} after they are downloaded, then Homing removes them there. Until then webmail and other devices can still see them; after that, this computer holds the only copy.`;
    case 'keep-until-deleted-here':
      return 'Messages stay on the server until you delete them in Homing; deleting here deletes them there too. Your server mailbox keeps growing with everything you keep, and counts against its size limit.';
    case 'keep-forever':
      return 'Homing never removes anything from the server. Every message stays there as well as here, so the server mailbox keeps growing and may fill up its size limit.';
  }
};

export const locationBadge = (location: Location): string => {
  switch (location) {
    case 'server':
      return 'On server only';
    case 'server+local':
      return 'On server and here';
    case 'local':
      return 'Only on this computer';
  }
};

/** The reading pane's sentence about one message. */
export const locationSentence = (location: Location, serverCopyUntil: number | null, mode: Account['mode'] | undefined): string => {
  switch (location) {
    case 'server':
      return 'This message is on the server. Only its headers are on this computer; the rest is downloaded when you open it.';
    case 'server+local':
      if (mode === 'pop3') {
        return serverCopyUntil !== null
          ? `A copy is on this computer and on the server until ${formatDay(serverCopyUntil)}; after that, only this computer will have it.`
          : 'A copy is on this computer and another stays on the server.';
      }
      return 'This message is on the server, and a copy is saved on this computer for reading offline.';
    case 'local':
      return 'This message exists only on this computer. Deleting it here deletes the only copy.';
  }
};
