import { describe, expect, it } from 'vitest';

import type { Account } from '../../../../../electron/contract';
import {
  deletionFacts,
  keptUntilLabel,
  locationBadge,
  locationSentence,
  onlyHereWarning,
  permanentDeletionWording,
} from '../../../../../renderer/features/where-mail-lives/wording';

const pop = (kind: 'keep-days' | 'keep-until-deleted-here' | 'delete-after-download'): Pick<Account, 'mode' | 'pop3'> => ({
  mode: 'pop3',
  pop3: { policy: kind === 'keep-days' ? { kind, days: 14 } : { kind }, headersOnlyAboveKb: null, checkIntervalMinutes: 10 },
});
const accounts: Record<string, Pick<Account, 'mode' | 'pop3'>> = {
  a: pop('delete-after-download'),
  b: pop('keep-until-deleted-here'),
  c: pop('keep-days'),
  i: { mode: 'imap' },
};

describe('where-mail-lives wording', () => {
  it('says every location in words', () => {
    expect(locationBadge('server')).toBe('On server only');
    expect(locationBadge('server+local')).toBe('On server and here');
    expect(locationBadge('local')).toBe('Only on this computer');
    expect(locationSentence('local', null, 'pop3')).toContain('Deleting it here deletes the only copy');
    expect(locationSentence('server+local', Date.UTC(2026, 11, 12), 'pop3')).toMatch(/on the server until .*2026/);
  });

  it('calls the only copy the only copy before a permanent deletion', () => {
    const one = permanentDeletionWording(deletionFacts([{ location: 'local', accountId: 'a' }], (id) => accounts[id]));
    expect(one.title).toBe('This is the only copy of this message');
    expect(one.confirm).toBe('Delete the only copy');
    expect(one.onlyCopy).toBe(true);

    const mixed = permanentDeletionWording(
      deletionFacts(
        [
          { location: 'local', accountId: 'a' },
          { location: 'server+local', accountId: 'b' },
          { location: 'server+local', accountId: 'c' },
          { location: 'server', accountId: 'i' },
        ],
        (id) => accounts[id],
      ),
    );
    expect(mixed.title).toBe('1 of these 4 messages are the only copies');
    expect(mixed.lines.join(' ')).toMatch(/removed at the next check/);
    expect(mixed.lines.join(' ')).toMatch(/deleted on the server too/);
    expect(mixed.lines.join(' ')).toMatch(/still has a copy on the server/);

    const trash = permanentDeletionWording(
      deletionFacts([{ location: 'server', accountId: 'i' }], (id) => accounts[id]),
      true,
    );
    expect(trash.title).toBe('Empty the Trash (1 message)?');
    expect(trash.onlyCopy).toBe(false);
  });

  it('words the storage warnings', () => {
    expect(onlyHereWarning(3, '1.2 MB')).toMatch(/^3 messages \(1.2 MB\) exist only on this computer/);
    expect(keptUntilLabel(Date.UTC(2026, 11, 12, 12), 4)).toMatch(/^Oldest server copies \(4\) kept until/);
  });
});
