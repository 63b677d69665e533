// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { LinkDialog } from '../../../../../../renderer/features/mail/reader/LinkDialog';

afterEach(cleanup);

describe('LinkDialog', () => {
  it('shows the real target, warns about a deceptive text, and opens only after the click, without an opener', () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const onClose = vi.fn();
    render(<LinkDialog link={{ href: 'https://evil.test/login', text: 'https://mybank.example' }} onClose={onClose} />);
    expect(screen.getByLabelText('Link target').textContent).toBe('evil.testhttps://evil.test/login');
    expect(screen.getByRole('alert').textContent).toContain('different address');
    expect(open).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Open in browser' }));
    expect(open).toHaveBeenCalledWith('https://evil.test/login', '_blank', 'noopener,noreferrer');
    expect(onClose).toHaveBeenCalled();
  });

  it('offers nothing to open for other kinds of link, and Escape closes it', () => {
    const onClose = vi.fn();
    render(<LinkDialog link={{ href: 'cid:part@x', text: 'x' }} onClose={onClose} />);
    expect(screen.getByRole('heading').textContent).toBe('This link cannot be opened');
    expect(screen.queryByRole('button', { name: /Open/ })).toBeNull();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});
