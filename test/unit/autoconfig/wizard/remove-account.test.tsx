// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Account } from '../../../../electron/contract';
import { RemoveAccount } from '../../../../renderer/features/setup/RemoveAccount';

const account: Account = {
  id: 'a1',
  createdAt: 0,
  name: 'Home mail',
  email: 'me@example.com',
  mode: 'pop3',
  incoming: { host: 'pop.example.com', port: 995, security: 'tls', username: 'me', allowCleartextPassword: false },
};

afterEach(cleanup);

describe('removing an account never silently discards the only copy', () => {
  it('with nothing only here, removes after one click', async () => {
    const onRemove = vi.fn(async () => undefined);
    render(<RemoveAccount account={account} onlyHere={0} onRemove={onRemove} onCancel={() => undefined} />);
    expect(screen.getByRole('dialog', { name: 'Remove Home mail?' }).textContent).toMatch(
      /No mail of this account exists only on this computer/,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove account' }));
    expect(onRemove).toHaveBeenCalledOnce();
  });

  it('without an export, deleting needs an explicit "I understand"', async () => {
    const onRemove = vi.fn(async () => undefined);
    render(<RemoveAccount account={account} onlyHere={12} onRemove={onRemove} onCancel={() => undefined} />);
    expect(screen.getByText(/12 messages of this account exist only on this computer/)).toBeTruthy();
    expect((screen.getByRole('radio', { name: /Save them to a file first/ }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Saving to a file is not available in this version of Homing yet.')).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: 'Delete them with the account' }));
    const remove = screen.getByRole('button', { name: 'Remove account and delete 12 messages' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    await userEvent.click(remove);
    expect(onRemove).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'I understand that 12 messages will be deleted for good' }));
    await userEvent.click(remove);
    expect(onRemove).toHaveBeenCalledOnce();
  });

  it('exports first, and removes only after the user confirms the file is there', async () => {
    const onRemove = vi.fn(async () => undefined);
    const exportMbox = vi.fn(async () => ({ filename: 'Home mail - only on this computer 2026-01-01.mbox', saved: 3, missing: 0 }));
    render(<RemoveAccount account={account} onlyHere={3} exportMbox={exportMbox} onRemove={onRemove} onCancel={() => undefined} />);
    expect((screen.getByRole('radio', { name: /Save them to a file first/ }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Save them to a file' }));
    expect(exportMbox).toHaveBeenCalledWith('a1');
    expect(onRemove).not.toHaveBeenCalled();
    expect(screen.getByText(/Homing saved 3 messages as “Home mail - only on this computer 2026-01-01.mbox”/)).toBeTruthy();
    const remove = screen.getByRole('button', { name: 'Remove account' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    await userEvent.click(screen.getByRole('checkbox', { name: 'I have checked that the file is saved' }));
    await userEvent.click(remove);
    expect(onRemove).toHaveBeenCalledOnce();
  });

  it('keeps the account when the file could not hold every message', async () => {
    const onRemove = vi.fn(async () => undefined);
    const exportMbox = vi.fn(async () => ({ filename: 'x.mbox', saved: 1, missing: 1 }));
    render(<RemoveAccount account={account} onlyHere={2} exportMbox={exportMbox} onRemove={onRemove} onCancel={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save them to a file' }));
    expect(screen.getByText(/1 message could not be included/)).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'I have checked that the file is saved' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Remove account' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('waits for the count before offering to remove', () => {
    render(<RemoveAccount account={account} onlyHere={undefined} onRemove={async () => undefined} onCancel={() => undefined} />);
    expect((screen.getByRole('button', { name: 'Remove account' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
