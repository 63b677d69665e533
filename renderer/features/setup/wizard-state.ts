import type { AccountMode, AccountSettingsInput, PopPolicy, Security } from '../../../electron/contract';
import { defaultPopPolicy } from '../../../electron/contract/accounts';
import type {
  DiscoveredServer,
  DiscoveryProgress,
  DiscoveryProtocol,
  DiscoveryResult,
  DiscoverySource,
  SourceReport,
} from '../../../electron/contract/wizard';
import { defaultPorts } from './wording';

/**
 * The setup wizard as a pure reducer (STYLE.md: decisions are pure functions). The password is
 * deliberately NOT part of this state: it lives only in the sign-in step's input and goes straight
 * to the engine, so no state dump, devtools snapshot or test of this reducer can ever contain it.
 */

export type Step = 'identity' | 'discovering' | 'choose' | 'policy' | 'servers' | 'signin';
export type DevicesAnswer = 'yes' | 'no' | 'unsure';

export interface ServerDraft {
  host: string;
  /** '' = the usual port for the protocol and security. */
  port: number | '';
  security: Security;
  username: string;
}

export interface WizardState {
  step: Step;
  name: string;
  email: string;
  discoveryId: string | null;
  progress: Partial<Record<DiscoverySource, SourceReport>>;
  discovery: DiscoveryResult | null;
  /** The user stopped the search or chose to type the settings. */
  byHand: boolean;
  devices: DevicesAnswer | null;
  mode: AccountMode | null;
  policy: PopPolicy;
  incoming: ServerDraft | null;
  /** The discovered server the incoming draft was taken from; null once the user changes it. */
  incomingFound: DiscoveredServer | null;
  smtp: ServerDraft | null;
  smtpFound: DiscoveredServer | null;
  /** The user confirmed settings that were not verified (plain HTTP, DNS, guessing). */
  confirmed: boolean;
  /** The incoming server's certificate the user chose to trust, and consent to no encryption. */
  trustedFingerprint: string | null;
  allowCleartext: boolean;
  /** The same two decisions for the sending server: each server is trusted on its own. */
  smtpTrustedFingerprint: string | null;
  smtpAllowCleartext: boolean;
}

export type ServerRole = 'incoming' | 'smtp';

export type WizardAction =
  | { type: 'identity'; name: string; email: string }
  | { type: 'discoveryStarted'; discoveryId: string }
  | { type: 'progress'; report: DiscoveryProgress }
  | { type: 'discovered'; result: DiscoveryResult }
  | { type: 'byHand' }
  | { type: 'devices'; answer: DevicesAnswer }
  | { type: 'mode'; mode: AccountMode }
  | { type: 'policy'; policy: PopPolicy }
  | { type: 'editServer'; role: 'incoming' | 'smtp'; patch: Partial<ServerDraft> }
  | { type: 'useServer'; role: 'incoming' | 'smtp'; server: DiscoveredServer }
  | { type: 'confirm'; confirmed: boolean }
  | { type: 'trustCertificate'; fingerprint: string | null; role?: ServerRole }
  | { type: 'allowCleartext'; allowed: boolean; role?: ServerRole }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'changeServers' };

export const initialWizardState: WizardState = {
  step: 'identity',
  name: '',
  email: '',
  discoveryId: null,
  progress: {},
  discovery: null,
  byHand: false,
  devices: null,
  mode: null,
  policy: defaultPopPolicy,
  incoming: null,
  incomingFound: null,
  smtp: null,
  smtpFound: null,
  confirmed: false,
  trustedFingerprint: null,
  allowCleartext: false,
  smtpTrustedFingerprint: null,
  smtpAllowCleartext: false,
};

/** Yes → keep mail on the server; only this computer → download it; unsure → the reversible choice. */
export const recommendedMode = (answer: DevicesAnswer): AccountMode => (answer === 'no' ? 'pop3' : 'imap');

export type Offer =
  /** Found, and this build can add it. */
  | 'found'
  /** The provider's published settings list the other protocol only. */
  | 'not-offered'
  /** Nothing found; the user may still type a server. */
  | 'not-found'
  /** This build has no engine for it yet. */
  | 'unavailable';

/** Whether a mode can be offered, from what discovery found. Config-file sources list every protocol a provider has. */
export function offerFor(discovery: DiscoveryResult | null, mode: AccountMode): Offer {
  if (discovery && !discovery.available[mode]) return 'unavailable';
  if (!discovery) return 'not-found';
  if (discovery[mode].length > 0) return 'found';
  const other = mode === 'imap' ? 'pop3' : 'imap';
  const fromConfig = discovery[other].some(
    (s) => s.source === 'builtin' || s.source === 'ispdb' || s.source === 'provider' || s.source === 'mx',
  );
  return fromConfig && discovery.provider ? 'not-offered' : 'not-found';
}

export const draftFrom = (server: DiscoveredServer): ServerDraft => ({
  host: server.host,
  port: server.port,
  security: server.security,
  username: server.usernames[0] ?? '',
});

const emptyDraft = (email: string): ServerDraft => ({ host: '', port: '', security: 'tls', username: email });

export const portOf = (protocol: DiscoveryProtocol, draft: ServerDraft): number =>
  draft.port === '' ? defaultPorts[protocol][draft.security] : draft.port;

/** The server step is shown whenever there is something to type or to confirm. */
export function needsServerStep(state: WizardState): boolean {
  if (state.byHand || !state.incoming || !state.incomingFound) return true;
  if (!state.incomingFound.verified) return true;
  return state.smtpFound !== null && !state.smtpFound.verified;
}

/** Found servers nobody vouches for (plain HTTP, DNS, guessing): the user must confirm them. */
export const unverifiedServers = (state: WizardState): DiscoveredServer[] =>
  [state.incomingFound, state.smtpFound].filter((s): s is DiscoveredServer => s !== null && !s.verified);

/** Unverified settings the user has not yet confirmed block the way forward. */
export const unconfirmed = (state: WizardState): DiscoveredServer[] => (state.confirmed ? [] : unverifiedServers(state));

export function stepsFor(state: WizardState): Step[] {
  const steps: Step[] = ['identity', 'discovering', 'choose'];
  if (state.mode === 'pop3') steps.push('policy');
  if (needsServerStep(state) || state.step === 'servers') steps.push('servers');
  steps.push('signin');
  return steps;
}

export const stepTitle: Record<Step, string> = {
  identity: 'Your address',
  discovering: 'Finding your settings',
  choose: 'Where your mail lives',
  policy: 'The server’s copy',
  servers: 'Server settings',
  signin: 'Sign in',
};

const withMode = (state: WizardState, mode: AccountMode): WizardState => {
  if (state.mode === mode && state.incoming) return state;
  const found = state.discovery?.[mode][0] ?? null;
  const smtpFound = state.smtpFound ?? state.discovery?.smtp[0] ?? null;
  return {
    ...state,
    mode,
    incoming: found ? draftFrom(found) : emptyDraft(state.email),
    incomingFound: found,
    smtp: state.smtp ?? (smtpFound ? draftFrom(smtpFound) : null),
    smtpFound,
    confirmed: false,
    trustedFingerprint: null,
    allowCleartext: false,
  };
};

/** A changed server is a different server: its certificate and cleartext decisions start over. */
const untrusted = (role: ServerRole): Partial<WizardState> =>
  role === 'incoming' ? { trustedFingerprint: null, allowCleartext: false } : { smtpTrustedFingerprint: null, smtpAllowCleartext: false };

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'identity':
      return { ...initialWizardState, name: action.name, email: action.email.trim(), step: 'discovering' };
    case 'discoveryStarted':
      return { ...state, discoveryId: action.discoveryId, progress: {} };
    case 'progress':
      if (action.report.discoveryId !== state.discoveryId) return state;
      return { ...state, progress: { ...state.progress, [action.report.source]: action.report } };
    case 'discovered': {
      if (state.step !== 'discovering' && !state.byHand) return state;
      const result = action.result;
      const next: WizardState = {
        ...state,
        discovery: result,
        discoveryId: null,
        step: state.step === 'discovering' ? 'choose' : state.step,
      };
      // Only one protocol possible: choose it already; the choice screen still says why.
      const possible = (['imap', 'pop3'] as const).filter((m) => result.available[m] && result[m].length > 0);
      return possible.length === 1 && !next.mode ? withMode(next, possible[0]!) : next;
    }
    case 'byHand':
      return { ...state, byHand: true, discoveryId: null, step: 'choose' };
    case 'devices': {
      const next = { ...state, devices: action.answer };
      const recommended = recommendedMode(action.answer);
      const offer = offerFor(state.discovery, recommended);
      return offer === 'found' || (offer === 'not-found' && (!state.discovery || state.discovery.available[recommended]))
        ? withMode(next, recommended)
        : next;
    }
    case 'mode':
      return withMode(state, action.mode);
    case 'policy':
      return { ...state, policy: action.policy };
    case 'editServer': {
      const current = state[action.role] ?? emptyDraft(state.email);
      const draft = { ...current, ...action.patch };
      const changesWhere = 'host' in action.patch || 'port' in action.patch || 'security' in action.patch;
      const foundKey = action.role === 'incoming' ? 'incomingFound' : 'smtpFound';
      return {
        ...state,
        [action.role]: draft,
        // Typed by the user: no longer "found", so nothing to confirm; a new server needs its own trust.
        ...(changesWhere ? { [foundKey]: null, ...untrusted(action.role) } : {}),
      };
    }
    case 'useServer': {
      const foundKey = action.role === 'incoming' ? 'incomingFound' : 'smtpFound';
      return {
        ...state,
        [action.role]: draftFrom(action.server),
        [foundKey]: action.server,
        confirmed: false,
        ...untrusted(action.role),
      };
    }
    case 'confirm':
      return { ...state, confirmed: action.confirmed };
    case 'trustCertificate':
      return action.role === 'smtp'
        ? { ...state, smtpTrustedFingerprint: action.fingerprint }
        : { ...state, trustedFingerprint: action.fingerprint };
    case 'allowCleartext':
      return action.role === 'smtp' ? { ...state, smtpAllowCleartext: action.allowed } : { ...state, allowCleartext: action.allowed };
    case 'next': {
      const steps = stepsFor(state);
      const at = steps.indexOf(state.step);
      if (state.step === 'choose' && !state.mode) return state;
      if (state.step === 'servers' && unconfirmed(state).length > 0) return state;
      return { ...state, step: steps[Math.min(at + 1, steps.length - 1)]! };
    }
    case 'back': {
      const steps = stepsFor(state).filter((s): s is Step => s !== 'discovering');
      const at = steps.indexOf(state.step);
      return at > 0 ? { ...state, step: steps[at - 1]! } : state;
    }
    case 'changeServers':
      return { ...state, step: 'servers' };
  }
}

const serverSettings = (
  protocol: DiscoveryProtocol,
  draft: ServerDraft,
  extra: { trustedFingerprint256?: string; allowCleartextPassword: boolean },
) => ({
  host: draft.host.trim(),
  port: portOf(protocol, draft),
  security: draft.security,
  username: draft.username.trim(),
  allowCleartextPassword: extra.allowCleartextPassword,
  ...(extra.trustedFingerprint256 ? { trustedFingerprint256: extra.trustedFingerprint256 } : {}),
});

/** The account settings the wizard will test and save; `username` overrides the incoming one (trying its forms). */
export function settingsFrom(state: WizardState, username?: string): AccountSettingsInput | null {
  if (!state.mode || !state.incoming) return null;
  const incoming = serverSettings(state.mode, username ? { ...state.incoming, username } : state.incoming, {
    allowCleartextPassword: state.allowCleartext,
    ...(state.trustedFingerprint ? { trustedFingerprint256: state.trustedFingerprint } : {}),
  });
  const smtp =
    state.smtp && state.smtp.host.trim()
      ? serverSettings(
          'smtp',
          { ...state.smtp, username: state.smtp.username.trim() || incoming.username },
          {
            allowCleartextPassword: state.smtpAllowCleartext,
            ...(state.smtpTrustedFingerprint ? { trustedFingerprint256: state.smtpTrustedFingerprint } : {}),
          },
        )
      : undefined;
  return {
    name: state.name.trim() || state.email,
    email: state.email,
    mode: state.mode,
    incoming,
    ...(smtp ? { smtp } : {}),
    ...(state.mode === 'pop3' ? { pop3: { policy: state.policy, headersOnlyAboveKb: null, checkIntervalMinutes: 10 } } : {}),
  };
}

/** User name forms to try, in order: the one shown first, then the other forms discovery knows. */
export function usernameForms(state: WizardState): string[] {
  if (!state.incoming) return [];
  const typed = state.incoming.username.trim();
  const known = state.incomingFound?.usernames ?? [];
  // Only the discovered forms are tried automatically; a name the user typed is used as typed.
  return [...new Set([typed, ...(known.includes(typed) ? known : [])])].filter((u) => u.length > 0);
}
