import { describe, expect, it } from 'vitest';

import { threadRows } from '../../../../../../renderer/features/mail/threads/thread-rows';
import { toStoredMessage } from '../../../../../../renderer/store/rows';
import { message } from '../../../../store/fixtures';

const row = (id: string, date: number, over: Parameters<typeof message>[0] extends infer T ? Partial<T> : never = {}) =>
  toStoredMessage(message({ folderId: 'acc1/INBOX', id, messageId: `<${id}@x>`, date, seen: true, ...over }), null);

describe('threadRows', () => {
  const window = [row('c', 30, { inReplyTo: '<a@x>', seen: false }), row('x', 25), row('b', 20, { inReplyTo: '<a@x>' }), row('a', 10)];

  it('shows one row per thread, standing for its newest message, newest thread first', () => {
    const t = threadRows(window, new Set());
    expect(t.rows.map((r) => r.id)).toEqual(['c', 'x']);
    expect(t.info.get('c')).toEqual({ key: 'a', count: 3, unread: 1, expanded: false, depth: 0 });
    expect(t.info.get('x')).toEqual({ key: 'x', count: 1, unread: 0, expanded: false, depth: 0 });
    expect(t.threaded).toBe(4);
  });

  it('follows an expanded thread with its other messages, newest first', () => {
    const t = threadRows(window, new Set(['a', 'x']));
    expect(t.rows.map((r) => r.id)).toEqual(['c', 'b', 'a', 'x']);
    expect(t.info.get('c')?.expanded).toBe(true);
    expect(t.info.get('b')).toEqual({ key: 'a', count: 3, unread: 1, expanded: true, depth: 1 });
    // A single message has nothing to expand.
    expect(t.info.get('x')?.expanded).toBe(false);
  });
});
