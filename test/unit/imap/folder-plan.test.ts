import { describe, expect, it } from 'vitest';

import type { ImapFolderState } from '../../../electron/contract';
import { planFolderSync, type ServerFolderStatus } from '../../../electron/engine/imap/folder-plan';

const local = (over: Partial<ImapFolderState> = {}): ImapFolderState => ({
  folderId: 'a/INBOX',
  uidValidity: '100',
  highestModseq: '50',
  uidNext: 20,
  ...over,
});
const server = (over: Partial<ServerFolderStatus> = {}): ServerFolderStatus => ({
  uidValidity: '100',
  highestModseq: '50',
  uidNext: 20,
  exists: 10,
  ...over,
});
const all = { condstore: true, qresync: true };
const condstoreOnly = { condstore: true, qresync: false };
const none = { condstore: false, qresync: false };

describe('planFolderSync', () => {
  it('does a full sync when nothing is stored', () => {
    for (const abilities of [all, condstoreOnly, none])
      expect(planFolderSync(null, server(), abilities, null)).toEqual({ kind: 'full', reset: null });
  });

  it('drops the cache and resyncs when UIDVALIDITY changed, whatever else matches', () => {
    for (const abilities of [all, condstoreOnly, none]) {
      expect(planFolderSync(local(), server({ uidValidity: '101' }), abilities, 10)).toEqual({
        kind: 'full',
        reset: 'uidvalidity-changed',
      });
      expect(planFolderSync(local({ uidValidity: '999' }), server({ uidValidity: '1' }), abilities, null)).toEqual({
        kind: 'full',
        reset: 'uidvalidity-changed',
      });
    }
  });

  it('compares UIDVALIDITY as the exact string the server sent', () => {
    expect(planFolderSync(local({ uidValidity: '0100' }), server(), all, null).kind).toBe('full');
  });

  it('uses QRESYNC with the stored modseq when it advanced', () => {
    expect(planFolderSync(local(), server({ highestModseq: '51' }), all, null)).toEqual({ kind: 'qresync', since: '50' });
  });

  it('uses CONDSTORE without QRESYNC', () => {
    expect(planFolderSync(local(), server({ highestModseq: '60' }), condstoreOnly, 10)).toEqual({ kind: 'condstore', since: '50' });
  });

  it('compares modseqs as big integers, not strings or doubles', () => {
    expect(planFolderSync(local({ highestModseq: '9' }), server({ highestModseq: '10' }), all, null)).toEqual({
      kind: 'qresync',
      since: '9',
    });
    const big = '18446744073709551610';
    expect(planFolderSync(local({ highestModseq: big }), server({ highestModseq: '18446744073709551611' }), all, null)).toEqual({
      kind: 'qresync',
      since: big,
    });
  });

  it('skips the folder when nothing moved (QRESYNC: modseq covers expunges)', () => {
    expect(planFolderSync(local(), server(), all, null)).toEqual({ kind: 'unchanged' });
  });

  it('with CONDSTORE alone trusts "unchanged" only if the message count matches too', () => {
    expect(planFolderSync(local(), server({ exists: 10 }), condstoreOnly, 10)).toEqual({ kind: 'unchanged' });
    expect(planFolderSync(local(), server({ exists: 9 }), condstoreOnly, 10)).toEqual({ kind: 'condstore', since: '50' });
    expect(planFolderSync(local(), server({ exists: 10 }), condstoreOnly, null)).toEqual({ kind: 'condstore', since: '50' });
  });

  it('does not call a folder unchanged when UIDNEXT moved', () => {
    expect(planFolderSync(local(), server({ uidNext: 21 }), all, null)).toEqual({ kind: 'qresync', since: '50' });
  });

  it('falls back to a full comparison when mod-sequences cannot be used', () => {
    expect(planFolderSync(local(), server(), none, 10)).toEqual({ kind: 'diff' });
    expect(planFolderSync(local({ highestModseq: null }), server(), all, 10)).toEqual({ kind: 'diff' });
    expect(planFolderSync(local(), server({ highestModseq: null }), all, 10)).toEqual({ kind: 'diff' });
    expect(planFolderSync(local({ highestModseq: 'garbage' }), server(), all, 10)).toEqual({ kind: 'diff' });
  });

  it('falls back to a full comparison when the server modseq went backwards (lost history)', () => {
    expect(planFolderSync(local({ highestModseq: '500' }), server({ highestModseq: '40' }), all, 10)).toEqual({ kind: 'diff' });
  });
});
