import { useEffect, useState } from 'react';

import type { OutboxEntry } from '../../../electron/contract/compose';
import { describeError } from '../errors/plain-words';
import type { ComposeApi } from './compose-api';
import { outboxStatus } from './outbox-words';

/**
 * The Outbox: what has not gone out yet and why, with what the user can do about each message.
 * A message whose delivery is uncertain is never sent again without an explicit "Send again".
 */
export function OutboxPanel({ api, onEdit, now = Date.now }: { api: ComposeApi; onEdit(draftId: string): void; now?: () => number }) {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.call('outbox:list', {}).then((r) => {
      if (live && r.ok) setEntries(r.value);
    });
    const off = api.onOutboxChanged(setEntries);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const act = async (run: () => Promise<{ ok: boolean; error?: Parameters<typeof describeError>[0] }>) => {
    setProblem(null);
    const r = await run();
    if (!r.ok && r.error) setProblem(describeError(r.error));
  };

  if (entries.length === 0) return null;
  return (
    <section aria-label="Outbox" className="outbox">
      <h2>Outbox</h2>
      {problem && <p role="alert">{problem}</p>}
      <ul>
        {entries.map((e) => (
          <li key={e.id} aria-label={e.subject || '(no subject)'}>
            <strong>{e.subject || '(no subject)'}</strong> <span className="hint">to {e.to.join(', ')}</span>
            <p role="status">{outboxStatus(e, now())}</p>
            {(e.state === 'queued' || e.state === 'failed') && (
              <button type="button" onClick={() => void act(() => api.call('outbox:retry', { outboxId: e.id }))}>
                Try again now
              </button>
            )}
            {e.state === 'uncertain' && (
              <>
                <button type="button" onClick={() => void act(() => api.call('outbox:markSent', { outboxId: e.id }))}>
                  It arrived: mark as sent
                </button>
                <button
                  type="button"
                  onClick={() => {
                    if (window.confirm('Send this message again? Recipients who already got it will get it twice.'))
                      void act(() => api.call('outbox:retry', { outboxId: e.id, confirmResend: true }));
                  }}
                >
                  Send again…
                </button>
              </>
            )}
            {e.state !== 'sending' && e.state !== 'sent' && (
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    const r = await api.call('outbox:cancel', { outboxId: e.id });
                    if (r.ok) onEdit(r.value.draftId);
                    return r;
                  })
                }
              >
                Cancel and edit
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
