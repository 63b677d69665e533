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

/** "kept until 12 Dec" for the folder tree, from the next removal date of a keep-days account. */
export const keptUntilLabel = (at: number, count: number): string =>
  `Oldest server ${count === 1 ? 'copy' : `copies (${count})`} kept until ${formatDay(at)}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a permanent deletion does to each copy, counted from the messages' own locations. */
export interface DeletionFacts {
  total: number;
  /** location 'local': this is the only copy anywhere. */
  onlyHere: number;
  /** IMAP messages: deleted on the server, so on every device. */
  imap: number;
  /** POP3 'server+local' under keep-until-deleted-here: the server copy goes at the next check. */
  popServerGoesToo: number;
  /** POP3 'server+local' under other policies: the server keeps its copy until its own date. */
  popServerStays: number;
}

export const deletionFacts = (
  messages: { location: Location; accountId: string }[],
  accountOf: (accountId: string) => Pick<Account, 'mode' | 'pop3'> | undefined,
): DeletionFacts => {
  const facts: DeletionFacts = { total: messages.length, onlyHere: 0, imap: 0, popServerGoesToo: 0, popServerStays: 0 };
  for (const m of messages) {
    const account = accountOf(m.accountId);
    if (m.location === 'local') facts.onlyHere += 1;
    else if (account?.mode === 'imap') facts.imap += 1;
    else if (account?.pop3?.policy.kind === 'keep-until-deleted-here') facts.popServerGoesToo += 1;
    else facts.popServerStays += 1;
  }
  return facts;
};

/** The words of the "are you sure" before a permanent deletion or emptying the Trash. */
export const permanentDeletionWording = (
  facts: DeletionFacts,
  emptyingTrash = false,
): { title: string; lines: string[]; confirm: string; onlyCopy: boolean } => {
  const { total, onlyHere } = facts;
  const lines: string[] = [];
  let title: string;
  if (onlyHere > 0) {
    title =
      total === 1
        ? 'This is the only copy of this message'
        : onlyHere === total
          ? `These are the only copies of ${plural(total, 'message')}`
          : `${onlyHere} of these ${total} messages are the only copies`;
    lines.push(
      onlyHere === 1
        ? 'It exists only on this computer: no server or other device has it. Deleting it here deletes it for good.'
        : `${plural(onlyHere, 'message')} exist only on this computer: no server or other device has them. Deleting them here deletes them for good.`,
    );
  } else {
    title = emptyingTrash
      ? `Empty the Trash (${plural(total, 'message')})?`
      : `Delete ${total === 1 ? 'this message' : plural(total, 'message')} permanently?`;
  }
  if (facts.imap > 0)
    lines.push(
      `${plural(facts.imap, 'message is', 'messages are')} deleted on the server too, so they disappear from your other devices and webmail.`,
    );
  if (facts.popServerGoesToo > 0)
    lines.push(`${plural(facts.popServerGoesToo, 'message’s server copy', 'messages’ server copies')} will be removed at the next check.`);
  if (facts.popServerStays > 0) {
    lines.push(
      `${plural(facts.popServerStays, 'message still has', 'messages still have')} a copy on the server until your server-copy setting removes it; Homing will not download it again.`,
    );
  }
  if (onlyHere > 0) lines.push('To keep a backup first, export the folder as .mbox (Storage or the folder’s menu).');
  const confirm =
    onlyHere > 0
      ? onlyHere === 1 && total === 1
        ? 'Delete the only copy'
        : 'Delete, including only copies'
      : emptyingTrash
        ? 'Empty Trash'
        : 'Delete permanently';
  return { title, lines, confirm, onlyCopy: onlyHere > 0 };
};

/** The storage view's warning about messages that exist only here. */
export const onlyHereWarning = (count: number, bytes: string): string =>
  `${plural(count, 'message')} (${bytes}) exist only on this computer. If its disk fails or it is lost, ${count === 1 ? 'that message is' : 'they are'} gone: no server keeps a copy. Export ${count === 1 ? 'it' : 'them'} to keep a backup.`;
