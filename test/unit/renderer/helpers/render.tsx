import { configure, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';

import type { CommandName, Result } from '../../../../electron/contract';
import type { HomingClient } from '../../../../renderer/api/client';
import { AppContext } from '../../../../renderer/app/app-context';
import type { HomingDb } from '../../../../renderer/store/db';

// IndexedDB (fake) round trips under a loaded CI machine can take more than the 1 s default.
configure({ asyncUtilTimeout: 5_000 });

type Handler = (input: never) => unknown;

/** A client whose commands answer from `handlers` (ok results), and record every call. */
export const fakeClient = (handlers: Partial<Record<CommandName, Handler>> = {}) => {
  const calls: { name: string; input: unknown }[] = [];
  const call = vi.fn(async (name: string, input: unknown): Promise<Result<unknown>> => {
    calls.push({ name, input });
    const handler = handlers[name as CommandName];
    if (!handler) return { ok: true, value: { queued: 1 } };
    try {
      return { ok: true, value: await handler(input as never) };
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: String(err) } };
    }
  });
  const client = { call, on: () => () => undefined, transport: { call, subscribe: () => () => undefined } } as unknown as HomingClient;
  return { client, calls };
};

export const renderWith = (ui: ReactElement, services: { db: HomingDb; client: HomingClient }) =>
  render(<AppContext.Provider value={services}>{ui}</AppContext.Provider>);

/** jsdom has no layout: give scroll containers a size so the virtual list renders rows. */
export const fakeLayout = (height = 600, width = 800) => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => width });
  Element.prototype.scrollTo ??= function scrollTo(this: Element, options?: ScrollToOptions | number) {
    if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
  };
};
