import type { Account } from '../../contract';
import { type ComposeSettings, composeSettingsSchema } from '../../contract/compose';

/** Per-account compose settings; the `compose` field is read defensively until it is in the contract. */
export const composeSettingsOf = (account: Account): ComposeSettings => {
  const parsed = composeSettingsSchema.safeParse((account as { compose?: unknown }).compose ?? {});
  return parsed.success ? parsed.data : composeSettingsSchema.parse({});
};
