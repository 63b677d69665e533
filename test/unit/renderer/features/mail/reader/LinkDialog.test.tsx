// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { LinkDialog } from '../../../../../../renderer/features/mail/reader/LinkDialog';
import type { HomingDb } from '../../../../../../renderer/store/db';
import { fakeClient, renderWith } from '../../../helpers/render';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  delete (window as { homingBridge?: unknown }).homingBridge;
});

const withClient = (ui: ReactElement, handlers: Parameters<typeof fakeClient>[0] = {}) => {
  const fake = fakeClient(handlers);
  renderWith(ui, { client: fake.client, db: {} as HomingDb });
  return fake;
};

describe('LinkDialog', () => {
  it('shows the real target, warns about a deceptive text, and opens only after the click, without an opener', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const onClose = vi.fn();
    withClient(<LinkDialog link={{ href: 'https://evil.test/login', text: 'https://mybank.example' }} onClose={onClose} />);
    expect(screen.getByLabelText('Link target').textContent).toBe('evil.testhttps://evil.test/login');
    expect(screen.getByRole('alert').textContent).toContain('different address');
    expect(open).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Open in browser' }));
    expect(open).toHaveBeenCalledWith('https://evil.test/login', '_blank', 'noopener,noreferrer');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('in the desktop app, asks the main process to open it (window.open is denied there)', async () => {
    (window as { homingBridge?: unknown }).homingBridge = {};
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const onClose = vi.fn();
    const { calls } = withClient(<LinkDialog link={{ href: 'mailto:ann@example.org', text: 'Ann' }} onClose={onClose} />, {
      'app:openExternal': () => ({ opened: true }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Open in mail app' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls).toEqual([{ name: 'app:openExternal', input: { url: 'mailto:ann@example.org' } }]);
    expect(open).not.toHaveBeenCalled();
  });

  it('offers nothing to open for other kinds of link, and Escape closes it', () => {
    const onClose = vi.fn();
    withClient(<LinkDialog link={{ href: 'cid:part@x', text: 'x' }} onClose={onClose} />);
    expect(screen.getByRole('heading').textContent).toBe('This link cannot be opened');
    expect(screen.queryByRole('button', { name: /Open/ })).toBeNull();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});
