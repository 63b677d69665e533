import { type ClientConfig, ConfigUnreadableError, parseClientConfig } from './client-config';
import type { EmailParts } from './email-address';
import type { FinalState, SourceContext } from './findings';
import { HttpGetError, httpGetText } from './http-get';

export type FetchedConfig =
  | { state: 'found'; config: ClientConfig; url: string; secure: boolean }
  | { state: Exclude<FinalState, 'found' | 'skipped'>; problem: string };

/**
 * Fetches and parses one clientConfig URL. A file that is not a readable clientConfig is
 * "unreadable" for this URL only; it never fails the whole discovery.
 */
export async function fetchConfig(url: string, ctx: SourceContext, parts: EmailParts = ctx.parts): Promise<FetchedConfig> {
  const label = redactAddress(url);
  try {
    const answer = await httpGetText(url, {
      signal: ctx.signal,
      timeoutMs: ctx.config.timeouts.httpMs,
      ...(ctx.lookup ? { lookup: ctx.lookup } : {}),
      ...(ctx.config.extraCa ? { extraCa: ctx.config.extraCa } : {}),
      ports: ctx.config.httpPorts,
    });
    if (answer.kind === 'missing') return { state: 'nothing', problem: `${label}: HTTP ${answer.status}` };
    const config = parseClientConfig(answer.body, parts);
    if (config.servers.length === 0) return { state: 'nothing', problem: `${label}: no usable servers (${config.skipped.join('; ')})` };
    return { state: 'found', config, url: answer.url, secure: answer.secure };
  } catch (err) {
    if (err instanceof ConfigUnreadableError) return { state: 'unreadable', problem: `${label}: ${err.message}` };
    if (err instanceof HttpGetError) {
      const state =
        err.reason === 'aborted' ? 'stopped' : err.reason === 'timeout' ? 'timeout' : err.reason === 'no-server' ? 'nothing' : 'failed';
      return { state, problem: `${label}: ${err.message}` };
    }
    throw err;
  }
}

/** URLs for logs and evidence never carry the user's address. */
export const redactAddress = (url: string): string => url.replace(/([?&]emailaddress=)[^&]*/i, '$1…');

/** Which of several outcomes describes a source that found nothing usable, most telling first. */
export function summarizeFailures(states: FinalState[]): Exclude<FinalState, 'found' | 'skipped'> {
  for (const s of ['stopped', 'unreadable', 'timeout', 'failed'] as const) if (states.includes(s)) return s;
  return 'nothing';
}
