import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';

import { messageHeaderSchema, syncBatchSchema } from '../../../electron/contract';
import { buildFolderBatch, flagPatches, folderState, headersFromFetch, idsForRanges } from '../../../electron/engine/imap/batches';
import { flagStateOf, hasAttachments, toMessageHeader } from '../../../electron/engine/imap/message-mapper';

const ctx = { accountId: 'acc1', folderPath: 'Lists/Dev', uidValidity: '1700000000', now: 1_000 };

const row = (uid: number, over: Partial<FetchMessageObject> = {}): FetchMessageObject => ({
  seq: uid,
  uid,
  flags: new Set(['\\Seen']),
  size: 1234,
  internalDate: new Date('2025-05-05T10:00:00Z'),
  envelope: {
    date: new Date('2025-05-04T08:30:00Z'),
    subject: 'Grüße aus München',
    messageId: `<m${uid}@x>`,
    inReplyTo: '<parent@x>',
    from: [{ name: 'Jürgen Groß', address: 'juergen@example.de' }],
    to: [{ name: '', address: 'alice@homing.test' }],
    cc: [],
  },
  bodyStructure: { type: 'text/plain' },
  ...over,
});

describe('toMessageHeader', () => {
  it('maps a FETCH result to a valid header of a message whose body is not here', () => {
    const h = toMessageHeader(row(42), ctx);
    expect(messageHeaderSchema.parse(h)).toEqual(h);
    expect(h).toMatchObject({
      id: 'acc1/Lists/Dev/1700000000/42',
      folderId: 'acc1/Lists/Dev',
      remoteKey: 'Lists/Dev/1700000000/42',
      messageId: '<m42@x>',
      inReplyTo: '<parent@x>',
      subject: 'Grüße aus München',
      from: [{ name: 'Jürgen Groß', address: 'juergen@example.de' }],
      to: [{ name: '', address: 'alice@homing.test' }],
      date: Date.parse('2025-05-04T08:30:00Z'),
      size: 1234,
      seen: true,
      flagged: false,
      answered: false,
      hasAttachments: false,
      snippet: '',
      location: 'server',
      serverCopyUntil: null,
      hasSource: false,
    });
  });

  it('takes References from the fetched header field (ENVELOPE has none), folded or not', () => {
    const headers = Buffer.from('References: <root@x>\r\n <mid@x>\r\n\t<parent@x>\r\n\r\n');
    expect(toMessageHeader(row(5, { headers }), ctx).references).toEqual(['<root@x>', '<mid@x>', '<parent@x>']);
    expect(toMessageHeader(row(5), ctx).references).toEqual([]);
    // A hostile header cannot make a row huge: the nearest 50 ids are kept.
    const many = Buffer.from(`References: ${Array.from({ length: 500 }, (_, i) => `<r${i}@x>`).join(' ')}\r\n`);
    const refs = toMessageHeader(row(5, { headers: many }), ctx).references!;
    expect(refs).toHaveLength(50);
    expect(refs.at(-1)).toBe('<r499@x>');
    expect(messageHeaderSchema.parse(toMessageHeader(row(5, { headers: many }), ctx)).references).toEqual(refs);
  });

  it('falls back from a broken Date header to INTERNALDATE, then to now', () => {
    expect(toMessageHeader(row(1, { envelope: { date: 'not a date' } }), ctx).date).toBe(Date.parse('2025-05-05T10:00:00Z'));
    expect(toMessageHeader(row(1, { envelope: {}, internalDate: undefined }), ctx).date).toBe(1_000);
  });

  it('survives a message with no envelope fields at all', () => {
    const h = toMessageHeader({ seq: 1, uid: 7 }, ctx);
    expect(messageHeaderSchema.parse(h)).toEqual(h);
    expect(h).toMatchObject({ subject: '', from: [], messageId: null, size: 0, seen: false });
  });

  it('drops empty address entries (group syntax end markers)', () => {
    const h = toMessageHeader(row(1, { envelope: { to: [{ name: 'Team', address: '' }, {}] } }), ctx);
    expect(h.to).toEqual([{ name: 'Team', address: '' }]);
  });
});

describe('flagStateOf', () => {
  it('reads only the three mirrored flags', () => {
    expect(flagStateOf(new Set(['\\Seen', '\\Answered', '$Forwarded', '\\Deleted']))).toEqual({
      seen: true,
      flagged: false,
      answered: true,
    });
    expect(flagStateOf(undefined)).toEqual({ seen: false, flagged: false, answered: false });
  });
});

describe('hasAttachments', () => {
  const text: MessageStructureObject = { type: 'text/plain', part: '1' };
  const html: MessageStructureObject = { type: 'text/html', part: '2' };
  it('is false for plain and alternative bodies', () => {
    expect(hasAttachments(text)).toBe(false);
    expect(hasAttachments({ type: 'multipart/alternative', childNodes: [text, html] })).toBe(false);
    expect(hasAttachments(undefined)).toBe(false);
  });
  it('is true for a part marked attachment, nested anywhere', () => {
    const pdf: MessageStructureObject = {
      type: 'application/pdf',
      disposition: 'attachment',
      dispositionParameters: { filename: 'r.pdf' },
    };
    expect(
      hasAttachments({ type: 'multipart/mixed', childNodes: [{ type: 'multipart/alternative', childNodes: [text, html] }, pdf] }),
    ).toBe(true);
  });
  it('is true for a named part without disposition and for forwarded messages', () => {
    expect(
      hasAttachments({ type: 'multipart/mixed', childNodes: [text, { type: 'application/zip', parameters: { name: 'a.zip' } }] }),
    ).toBe(true);
    expect(hasAttachments({ type: 'multipart/mixed', childNodes: [text, { type: 'message/rfc822' }] })).toBe(true);
  });
  it('is false for inline images of an HTML body and for signatures', () => {
    const img: MessageStructureObject = { type: 'image/png', disposition: 'inline', parameters: { name: 'logo.png' }, id: '<logo>' };
    expect(hasAttachments({ type: 'multipart/related', childNodes: [html, img] })).toBe(false);
    expect(
      hasAttachments({ type: 'multipart/signed', childNodes: [text, { type: 'application/pkcs7-signature', disposition: 'attachment' }] }),
    ).toBe(false);
  });
});

describe('headersFromFetch', () => {
  it('returns headers newest first and skips rows without a usable UID', () => {
    const rows = [row(3), row(10), { ...row(0) }, row(7)];
    expect(headersFromFetch(rows, ctx).map((h) => h.remoteKey)).toEqual([
      'Lists/Dev/1700000000/10',
      'Lists/Dev/1700000000/7',
      'Lists/Dev/1700000000/3',
    ]);
  });
});

describe('buildFolderBatch', () => {
  it('orders removals, puts, patches, then the folder state, and validates as a SyncBatch', () => {
    const state = folderState('acc1', 'INBOX', '9', '77', 12);
    const batch = buildFolderBatch({
      accountId: 'acc1',
      id: 'b1',
      removeIds: ['acc1/INBOX/9/1'],
      put: headersFromFetch([row(11)], { ...ctx, folderPath: 'INBOX', uidValidity: '9' }),
      patches: flagPatches('acc1', 'INBOX', '9', [{ uid: 4, flags: { seen: false, flagged: true, answered: false } }]),
      state,
    });
    expect(syncBatchSchema.parse(batch)).toEqual(batch);
    expect(batch.ops.map((o) => o.op)).toEqual(['removeMessages', 'putMessages', 'patchMessages', 'putImapFolderState']);
    expect(batch.ops[2]).toEqual({ op: 'patchMessages', patches: [{ id: 'acc1/INBOX/9/4', seen: false, flagged: true, answered: false }] });
    expect(batch.ops[3]).toEqual({
      op: 'putImapFolderState',
      states: [{ folderId: 'acc1/INBOX', uidValidity: '9', highestModseq: '77', uidNext: 12 }],
    });
  });

  it('leaves out empty ops and makes unique ids', () => {
    const a = buildFolderBatch({ accountId: 'acc1', removeIds: [], put: [], patches: [] });
    const b = buildFolderBatch({ accountId: 'acc1' });
    expect(a.ops).toEqual([]);
    expect(a.id).not.toBe(b.id);
  });
});

describe('idsForRanges', () => {
  it('yields ids in bounded chunks', () => {
    const chunks = [
      ...idsForRanges(
        'a',
        'INBOX',
        '5',
        [
          [1, 3],
          [7, 8],
        ],
        2,
      ),
    ];
    expect(chunks).toEqual([['a/INBOX/5/1', 'a/INBOX/5/2'], ['a/INBOX/5/3', 'a/INBOX/5/7'], ['a/INBOX/5/8']]);
  });
});
