import { useEffect, useState } from 'react';

import type { Security } from '../../../electron/contract';
import type { DiscoveryProtocol, ProbeResult } from '../../../electron/contract/wizard';
import type { WizardApi } from './wizard-api';

export type LiveProbe =
  { state: 'idle' } | { state: 'checking' } | { state: 'done'; result: ProbeResult; host: string; port: number; security: Security };

const HOST = /^[A-Za-z0-9.\-:[\]]+$/;

/**
 * Checks a server while the user types (after a pause), without a password: does it exist, is it
 * the right protocol, is it encrypted. A newer value cancels the older check's answer.
 */
export function useLiveProbe(
  api: WizardApi,
  protocol: DiscoveryProtocol,
  host: string,
  port: number,
  security: Security,
  delayMs = 600,
): LiveProbe {
  const [probe, setProbe] = useState<LiveProbe>({ state: 'idle' });
  useEffect(() => {
    const target = host.trim();
    if (!target || !HOST.test(target) || !(port >= 1 && port <= 65535)) {
      setProbe({ state: 'idle' });
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      setProbe({ state: 'checking' });
      void api.call('accounts:probe', { protocol, host: target, port, security }).then((answer) => {
        if (!current) return;
        if (answer.ok) setProbe({ state: 'done', result: answer.value, host: target, port, security });
        else setProbe({ state: 'idle' });
      });
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, protocol, host, port, security, delayMs]);
  return probe;
}
