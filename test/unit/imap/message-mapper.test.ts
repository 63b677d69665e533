import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';

import { toMessageHeader, toMessageHeaderWithSource } from '../../../electron/engine/imap/message-mapper';

const ctx = { accountId: 'a1', folderPath: 'INBOX', uidValidity: '7', now: 1_000 };

const withAttachment = {
  type: 'multipart/mixed',
  childNodes: [{ type: 'text/plain' }, { type: 'application/pdf', disposition: 'attachment' }],
} as FetchMessageObject['bodyStructure'];

describe('toMessageHeaderWithSource', () => {
  it('reads the envelope fields from the source, and the rest from the FETCH', () => {
    const source = Buffer.from(
      'From: Ann <ann@example.org>\r\nTo: b@example.org\r\nSubject: =?UTF-8?Q?h=C3=A9llo?=\r\nMessage-ID: <m@x>\r\n' +
        'References: <r@x>\r\nDate: Tue, 03 Mar 2026 09:15:00 +0000\r\n\r\nplain text, nothing attached\r\n',
    );
    const row = {
      uid: 42,
      flags: new Set(['\\Seen']),
      size: 4321,
      internalDate: new Date(5_000),
      bodyStructure: withAttachment,
      source,
    } as FetchMessageObject;
    expect(toMessageHeaderWithSource(row, source, ctx)).toEqual({
      id: 'a1/INBOX/7/42',
      accountId: 'a1',
      folderId: 'a1/INBOX',
      remoteKey: 'INBOX/7/42',
      messageId: '<m@x>',
      inReplyTo: null,
      references: ['<r@x>'],
      subject: 'héllo',
      from: [{ name: 'Ann', address: 'ann@example.org' }],
      to: [{ name: '', address: 'b@example.org' }],
      cc: [],
      date: Date.UTC(2026, 2, 3, 9, 15),
      // The server's numbers, not the source's: RFC822.SIZE and BODYSTRUCTURE.
      size: 4321,
      hasAttachments: true,
      seen: true,
      flagged: false,
      answered: false,
      snippet: '',
      location: 'server+local',
      serverCopyUntil: null,
      hasSource: true,
    });
  });

  it('dates a message without a readable Date by its arrival, as toMessageHeader does', () => {
    const source = Buffer.from('Date: someday\r\nSubject: s\r\n\r\nx');
    const row = { uid: 1, internalDate: new Date(5_000), source } as FetchMessageObject;
    expect(toMessageHeaderWithSource(row, source, ctx).date).toBe(5_000);
    expect(
      toMessageHeader({ uid: 1, internalDate: new Date(5_000), envelope: { date: 'someday' } } as unknown as FetchMessageObject, ctx).date,
    ).toBe(5_000);
    expect(toMessageHeaderWithSource({ uid: 1, source } as FetchMessageObject, source, ctx).date).toBe(1_000);
  });
});
