import { subjectSortKey } from '../../../store/rows';

/** What threading reads of a message. `references` is optional: rows store In-Reply-To only so far. */
export interface ThreadInput {
  id: string;
  /** RFC 5322 Message-ID, angle brackets included. */
  messageId: string | null;
  inReplyTo: string | null;
  references?: readonly string[];
  subject: string;
  date: number;
}

export interface Thread {
  /** The earliest message's id: the thread's name for expand/collapse. */
  rootId: string;
  /** Every message of the thread, oldest first. */
  ids: string[];
  newestId: string;
  latestDate: number;
}

interface Container {
  key: string;
  message: ThreadInput | null;
  parent: Container | null;
}

/** The parent chain of `c` reaches `target` (linking target under c would make a loop). */
const reaches = (c: Container, target: Container): boolean => {
  for (let at: Container | null = c; at; at = at.parent) if (at === target) return true;
  return false;
};

const refsOf = (m: ThreadInput): string[] => {
  const refs = [...(m.references ?? [])];
  // RFC 5322 §3.6.4: In-Reply-To names the parent; References may be missing or trimmed.
  if (m.inReplyTo && refs[refs.length - 1] !== m.inReplyTo) refs.push(m.inReplyTo);
  return refs.filter((r) => r && r !== m.messageId);
};

const byDateThenId = (a: ThreadInput, b: ThreadInput) => a.date - b.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Conversation threading, after Jamie Zawinski's algorithm (the one Netscape, Thunderbird and
 * RFC 5256 REFERENCES use): messages are linked by Message-ID through References and In-Reply-To,
 * missing ancestors stand in as empty containers so siblings still meet, and a link that would
 * make a loop is ignored. Subjects are a fallback only for a message that has no references at
 * all and whose subject says it is a reply ("Re: Lunch" from a client that drops headers): it
 * joins the thread of the same subject. Two unrelated messages both called "Lunch" stay apart.
 *
 * Pure and independent of input order (messages are taken oldest first), so it is tested
 * exhaustively; the message list calls it on a window of a folder, never on every render
 * (see thread-rows.ts).
 */
export const threadMessages = (messages: readonly ThreadInput[]): Thread[] => {
  const sorted = [...messages].sort(byDateThenId);
  const containers = new Map<string, Container>();
  const containerFor = (key: string): Container => {
    let c = containers.get(key);
    if (!c) {
      c = { key, message: null, parent: null };
      containers.set(key, c);
    }
    return c;
  };
  const own = new Map<string, Container>();
  for (const m of sorted) {
    // A second message with the same Message-ID (a copy, a broken client) gets a container of its own.
    const byId = m.messageId ? containerFor(m.messageId) : null;
    const c = byId && !byId.message ? byId : containerFor(`#${m.id}`);
    c.message = m;
    own.set(m.id, c);
  }
  for (const m of sorted) {
    const refs = refsOf(m).map(containerFor);
    // Each reference is the parent of the next, unless that link is already made or would loop.
    for (let i = 1; i < refs.length; i++) {
      const parent = refs[i - 1]!;
      const child = refs[i]!;
      if (!child.parent && child !== parent && !reaches(parent, child)) child.parent = parent;
    }
    const self = own.get(m.id)!;
    const parent = refs[refs.length - 1];
    // The message's own last reference decides its parent (JWZ step 1C).
    if (parent && parent !== self && !reaches(parent, self)) self.parent = parent;
  }

  const rootOf = (c: Container): Container => {
    let at = c;
    while (at.parent) at = at.parent;
    return at;
  };
  const groups = new Map<Container, ThreadInput[]>();
  for (const m of sorted) {
    const root = rootOf(own.get(m.id)!);
    const list = groups.get(root);
    if (list) list.push(m);
    else groups.set(root, [m]);
  }

  // Subject fallback: a reply without any reference joins the thread of its subject, preferring
  // the one that began without a reply prefix (the original), else the earliest.
  const threads = [...groups.values()];
  const isOrphanReply = (t: ThreadInput[]) => {
    const first = t[0]!;
    const key = subjectSortKey(first.subject);
    return refsOf(first).length === 0 && key !== '' && key !== first.subject.trim().toLowerCase();
  };
  const targets = new Map<string, ThreadInput[]>();
  for (const t of threads) {
    if (isOrphanReply(t)) continue;
    const key = subjectSortKey(t[0]!.subject);
    if (key && !targets.has(key)) targets.set(key, t);
  }
  const merged: ThreadInput[][] = [];
  for (const t of threads) {
    if (!isOrphanReply(t)) {
      merged.push(t);
      continue;
    }
    const key = subjectSortKey(t[0]!.subject);
    const target = targets.get(key);
    if (target) target.push(...t);
    else {
      targets.set(key, t);
      merged.push(t);
    }
  }

  return merged
    .map((t): Thread => {
      t.sort(byDateThenId);
      const newest = t[t.length - 1]!;
      return { rootId: t[0]!.id, ids: t.map((m) => m.id), newestId: newest.id, latestDate: newest.date };
    })
    .sort((a, b) => b.latestDate - a.latestDate || (a.newestId < b.newestId ? 1 : a.newestId > b.newestId ? -1 : 0));
};
