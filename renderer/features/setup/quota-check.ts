import type { AccountSettingsInput } from '../../../electron/contract';
import { draftFrom, settingsFrom, usernameForms, type WizardState } from './wizard-state';

/**
 * Which IMAP server the choice screen may sign in to, to learn the mailbox's size limit before
 * the user chooses. Only a server found through a source nobody on the network can fake
 * (`verified`): the password must never go to a server the user has not confirmed. Pure.
 */
export type QuotaTarget =
  | { kind: 'ready'; key: string; settingsFor(username: string): AccountSettingsInput; usernames: string[] }
  | { kind: 'not-verified' }
  | { kind: 'none' };

export function quotaTarget(state: WizardState): QuotaTarget {
  const d = state.discovery;
  const found = d?.imap[0];
  if (!d || !found || !d.available.imap) return { kind: 'none' };
  if (!found.verified) return { kind: 'not-verified' };
  // A certificate the user already trusted for this very server (then came back) counts here too.
  const trusted = state.mode === 'imap' && state.incomingFound === found ? state.trustedFingerprint : null;
  const asImap: WizardState = {
    ...state,
    mode: 'imap',
    incoming: draftFrom(found),
    incomingFound: found,
    // Only the receiving side is asked; the sending server is tested on the "Sign in" page.
    smtp: null,
    trustedFingerprint: trusted,
    allowCleartext: false,
  };
  return {
    kind: 'ready',
    key: `${found.host}:${found.port}:${found.security}:${trusted ?? ''}`,
    settingsFor: (username) => settingsFrom(asImap, username)!,
    usernames: usernameForms(asImap),
  };
}
