// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { EventName, EventPayload } from '../../../../../electron/contract';
import type { HomingClient } from '../../../../../renderer/api/client';
import { AccountStatusLine, CheckMailButton } from '../../../../../renderer/features/status/AccountStatusLine';
import { account, freshDb } from '../../../store/fixtures';
import { renderWith } from '../../helpers/render';

afterEach(cleanup);

/** A client whose engine events the test emits. */
const eventClient = () => {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const client = {
    call: async () => ({ ok: true, value: null }),
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () => undefined;
    },
  } as unknown as HomingClient;
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>) => listeners.get(name)?.forEach((l) => l(payload));
  return { client, emit };
};

const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

describe('AccountStatusLine', () => {
  it('shows a labelled progress bar during a long sync, then when mail was last checked', async () => {
    const { client, emit } = eventClient();
    const mia = { ...account('mia'), name: 'Mia' };
    renderWith(
      <>
        <AccountStatusLine account={mia} />
        <CheckMailButton account={mia} onCheck={() => undefined} />
      </>,
      { db: freshDb(), client },
    );
    expect(screen.getByRole('status').textContent).toBe('Not checked yet');
    emit('account:status', { accountId: 'mia', state: 'checking', lastCheckedAt: null, nextCheckAt: null, error: null, detail: null });
    for (let done = 0; done <= 300; done += 50)
      emit('sync:progress', { accountId: 'mia', phase: 'downloading', done, total: 1200, bytes: 0 });
    await nextFrame();
    const bar = screen.getByRole('progressbar', { name: 'Syncing Mia' });
    expect(bar.getAttribute('value')).toBe('300');
    expect(bar.getAttribute('max')).toBe('1200');
    expect(bar.getAttribute('aria-valuetext')).toBe('Downloading: 300 of 1,200');
    expect(screen.getByRole('status').textContent).toBe('Checking mail…');
    expect(screen.getByRole('button', { name: 'Check mail for Mia' }).hasAttribute('disabled')).toBe(true);

    emit('sync:progress', { accountId: 'mia', phase: 'done', done: 1200, total: 1200, bytes: 0 });
    emit('account:status', {
      accountId: 'mia',
      state: 'online',
      lastCheckedAt: Date.UTC(2026, 0, 1, 12, 4),
      nextCheckAt: null,
      error: null,
      detail: null,
    });
    // Another account's events do not concern this line.
    emit('account:status', { accountId: 'otto', state: 'checking', lastCheckedAt: null, nextCheckAt: null, error: null, detail: null });
    await nextFrame();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/^Last checked \d{1,2}:\d{2}/);
    expect(screen.getByRole('button', { name: 'Check mail for Mia' }).hasAttribute('disabled')).toBe(false);
  });
});
