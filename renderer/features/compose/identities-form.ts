import type { ComposeSettingsInput, IdentityInput } from '../../../electron/contract/compose';

/** The same rule the contract checks in main (contract/compose.ts emailSchema), to say it while typing. */
const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** The most identities the contract accepts besides the account's own address. */
export const MAX_IDENTITIES = 20;

export interface WritingSettings {
  signature: string;
  serverSavesSent: boolean;
  identities: IdentityInput[];
}

/** The settings as stored, with every default filled in (older accounts have no `compose` at all). */
export const writingSettingsOf = (compose: ComposeSettingsInput | undefined): WritingSettings => ({
  signature: compose?.signature ?? '',
  serverSavesSent: compose?.serverSavesSent ?? false,
  identities: (compose?.identities ?? []).map((i) => ({ ...i })),
});

/** What is sent to accounts:update: trimmed, an empty Reply-To left out rather than stored as "". */
export const toComposeSettings = (w: WritingSettings): ComposeSettingsInput => ({
  signature: w.signature,
  serverSavesSent: w.serverSavesSent,
  identities: w.identities.map((i) => {
    const replyTo = i.replyTo?.trim();
    return { id: i.id, name: i.name.trim(), address: i.address.trim(), signature: i.signature ?? '', ...(replyTo ? { replyTo } : {}) };
  }),
});

/** What is wrong with each identity, in plain words, by id; empty when all can be saved. */
export const identityProblems = (identities: readonly IdentityInput[]): Map<string, string> => {
  const problems = new Map<string, string>();
  for (const i of identities) {
    const address = i.address.trim();
    const replyTo = i.replyTo?.trim() ?? '';
    if (!address) problems.set(i.id, 'Type the email address you write from.');
    else if (!EMAIL.test(address) || address.length > 320) problems.set(i.id, `“${address}” is not an email address.`);
    else if (replyTo && !EMAIL.test(replyTo)) problems.set(i.id, `Replies go to: “${replyTo}” is not an email address.`);
    else if (i.name.trim().length > 200) problems.set(i.id, 'The name is longer than 200 characters.');
  }
  return problems;
};

/** An id for a new identity: unique within the account, in the contract's id alphabet. */
export const newIdentityId = (taken: readonly string[], random: () => number = Math.random): string => {
  for (;;) {
    const id = `id-${Math.floor(random() * 36 ** 8).toString(36)}`;
    if (!taken.includes(id)) return id;
  }
};
