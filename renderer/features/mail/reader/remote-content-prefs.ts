/**
 * Senders whose remote content the user chose to always load ("Always for this sender").
 * Kept in localStorage under one key, as lower-cased addresses: a UI preference of this computer,
 * not mail, so not in the mail store. The From address can be forged, so the choice is worded as
 * "mail that says it is from …" where it is made.
 */
const KEY = 'homing.remoteContent.trustedSenders';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

const storage = (): StorageLike | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

const normalize = (address: string): string => address.trim().toLowerCase();

export const trustedSenders = (store: StorageLike | null = storage()): Set<string> => {
  try {
    const list: unknown = JSON.parse(store?.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').map(normalize) : []);
  } catch {
    return new Set();
  }
};

export const isTrustedSender = (address: string | undefined, store: StorageLike | null = storage()): boolean =>
  !!address && trustedSenders(store).has(normalize(address));

export const setTrustedSender = (address: string, trusted: boolean, store: StorageLike | null = storage()): void => {
  if (!store || !address.trim()) return;
  const set = trustedSenders(store);
  if (trusted) set.add(normalize(address));
  else set.delete(normalize(address));
  store.setItem(KEY, JSON.stringify([...set].sort()));
};
