import { Component, type ReactNode } from 'react';

import type { HomingClient } from '../../api/client';

interface Props {
  /** What failed, in words for the person ("This message", "The message list"). */
  what: string;
  client: HomingClient;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps one part of the window failing from blanking all of it: without a boundary React unmounts
 * the whole tree on a render or effect error, and the user is left with an empty page and no
 * reason. The failure is shown where it happened, with a way to try again, and written to the
 * engine's log (`app:reportError`). Give it a `key` that changes with what it shows (the open
 * message), so moving on clears the error.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    void this.props.client.call('app:reportError', {
      where: this.props.what.slice(0, 100),
      message: e.message.slice(0, 2_000),
      stack: (e.stack ?? '').slice(0, 8_000),
    });
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="part-failed" role="alert">
        <p>
          <strong>{this.props.what} could not be shown.</strong> {error.message}
        </p>
        <p>Your mail is not affected. The details are in Homing’s log.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
