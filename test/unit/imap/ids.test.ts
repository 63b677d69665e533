import { describe, expect, it } from 'vitest';

import {
  folderIdOf,
  folderPathOf,
  groupByFolder,
  messageIdOf,
  parseMessageId,
  remoteKeyOf,
  uidOfRemoteKey,
} from '../../../electron/engine/imap/ids';

describe('IMAP ids', () => {
  it('round-trips message ids, including paths that contain the delimiter', () => {
    for (const path of ['INBOX', 'Archive/2024/Q1', 'a/b', 'Ünïcødé/フォルダ', '1/2/3']) {
      const id = messageIdOf('acc', path, '1700000000', 42);
      expect(id).toBe(`acc/${path}/1700000000/42`);
      expect(parseMessageId('acc', id)).toEqual({ folderPath: path, uidValidity: '1700000000', uid: 42 });
    }
    expect(folderIdOf('acc', 'INBOX')).toBe('acc/INBOX');
    expect(remoteKeyOf('INBOX', '7', 3)).toBe('INBOX/7/3');
    expect(uidOfRemoteKey('Lists/x/7/3')).toBe(3);
  });

  it('refuses ids of other accounts and malformed ids', () => {
    expect(parseMessageId('acc', 'other/INBOX/1/2')).toBeNull();
    expect(parseMessageId('acc', 'acc/INBOX/1/0')).toBeNull();
    expect(parseMessageId('acc', 'acc/INBOX/x/2')).toBeNull();
    expect(parseMessageId('acc', 'acc/INBOX/1/99999999999')).toBeNull();
    expect(parseMessageId('acc', 'acc/1/2')).toBeNull();
    expect(parseMessageId('acc', 'acc/')).toBeNull();
    expect(parseMessageId('acc', 'accx/INBOX/1/2')).toBeNull();
    expect(folderPathOf('acc', 'acc/')).toBeNull();
    expect(folderPathOf('acc', 'acc/Sent')).toBe('Sent');
  });

  it('groups by folder and UIDVALIDITY', () => {
    const { groups, invalid } = groupByFolder('acc', ['acc/INBOX/1/2', 'acc/INBOX/1/3', 'acc/INBOX/2/3', 'acc/Sent/1/9', 'bogus']);
    expect(invalid).toEqual(['bogus']);
    expect([...groups.values()].map((g) => g.map((r) => `${r.folderPath}:${r.uidValidity}:${r.uid}`))).toEqual([
      ['INBOX:1:2', 'INBOX:1:3'],
      ['INBOX:2:3'],
      ['Sent:1:9'],
    ]);
  });
});
