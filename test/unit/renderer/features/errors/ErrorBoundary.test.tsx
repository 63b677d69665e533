// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ErrorBoundary } from '../../../../../renderer/features/errors/ErrorBoundary';
import { fakeClient } from '../../helpers/render';

afterEach(cleanup);

let failing = true;
function Flaky() {
  if (failing) throw new Error('Cannot read properties of null');
  return <p>Drawn again</p>;
}

describe('ErrorBoundary', () => {
  it('shows the failure where it happened, keeps its neighbours, logs it through the engine, and can try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { client, calls } = fakeClient();
    failing = true;
    render(
      <main>
        <nav>Folders stay</nav>
        <ErrorBoundary what="This message" client={client}>
          <Flaky />
        </ErrorBoundary>
      </main>,
    );
    expect(screen.getByText('Folders stay')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('This message could not be shown. Cannot read properties of null');
    expect(calls).toEqual([
      {
        name: 'app:reportError',
        input: expect.objectContaining({ where: 'This message', message: 'Cannot read properties of null' }),
      },
    ]);
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Drawn again')).toBeTruthy();
  });
});
