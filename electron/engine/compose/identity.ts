import { type Account, HomingError, type MailAddress } from '../../contract';
import { identitiesOf, type Identity, PRIMARY_IDENTITY_ID } from '../../contract/compose';

/** What of an answered (or forwarded) message tells which of the user's addresses it reached. */
export interface ReceivedAs {
  to: MailAddress[];
  cc: MailAddress[];
  /**
   * Delivered-To / X-Original-To: the address the server delivered it for. A message that reached
   * an alias by Bcc or through a mailing list names that alias only here.
   */
  deliveredTo: string[];
  from: MailAddress[];
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

const firstNamed = (identities: readonly Identity[], addresses: readonly string[]): Identity | null => {
  // The identities' order decides between two that both received it: the account's own first.
  for (const identity of identities) if (addresses.some((a) => same(a, identity.address))) return identity;
  return null;
};

/**
 * The identity an answer goes out from, as Thunderbird chooses it (MailUtils.getIdentityForHeader):
 * the one the original was addressed to in To or Cc; else the one the server delivered it for
 * (Delivered-To, X-Original-To); else, for the user's own message (from Sent), the one it came
 * from; else the account's own address. `identities` is never empty (identitiesOf).
 */
export const identityForAnswer = (identities: readonly Identity[], original: ReceivedAs): Identity => {
  const visible = [...original.to, ...original.cc].map((a) => a.address);
  return (
    firstNamed(identities, visible) ??
    firstNamed(identities, original.deliveredTo) ??
    firstNamed(
      identities,
      original.from.map((a) => a.address),
    ) ??
    identities[0]!
  );
};

/**
 * The identity a draft is from. A draft kept while its identity was removed from the settings is
 * saved as from the account's own address (a draft must always save), but is never *sent* from an
 * address the user no longer chose: `strict` makes that a plain-words error instead.
 */
export const identityOfDraft = (account: Account, identityId: string, strict: boolean): Identity => {
  const identities = identitiesOf(account);
  const found = identities.find((i) => i.id === identityId);
  if (found) return found;
  if (strict)
    throw new HomingError(
      'invalid_input',
      'The sender address chosen for this message was removed from the account settings. Choose another one in From and send again.',
    );
  return identities.find((i) => i.id === PRIMARY_IDENTITY_ID)!;
};

/** Every address of the account: a reply all never goes to the user's own aliases. */
export const ownAddresses = (account: Account): string[] => identitiesOf(account).map((i) => i.address);
