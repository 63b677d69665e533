import { describe, expect, it } from 'vitest';

import { isTrustedSender, setTrustedSender, trustedSenders } from '../../../../../../renderer/features/mail/reader/remote-content-prefs';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('remote content preferences', () => {
  it('remembers senders case-insensitively and forgets them', () => {
    const store = memory();
    expect(isTrustedSender('News@Example.org', store)).toBe(false);
    setTrustedSender('News@Example.org', true, store);
    expect(isTrustedSender('news@example.org', store)).toBe(true);
    expect(isTrustedSender(undefined, store)).toBe(false);
    setTrustedSender('news@example.org', false, store);
    expect(trustedSenders(store).size).toBe(0);
    store.setItem('homing.remoteContent.trustedSenders', '{"bad":1}');
    expect(trustedSenders(store).size).toBe(0);
  });
});
