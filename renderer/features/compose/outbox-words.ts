import type { OutboxEntry } from '../../../electron/contract/compose';
import { describeError } from '../errors/plain-words';

/** One line for an Outbox entry, derived from its state alone. */
export const outboxStatus = (e: OutboxEntry, now: number): string => {
  switch (e.state) {
    case 'queued': {
      const wait = e.nextAttemptAt === null ? 0 : Math.max(0, Math.round((e.nextAttemptAt - now) / 1000));
      const why = e.lastError ? ` Last try: ${describeError(e.lastError)}` : '';
      return wait > 0
        ? `Waiting to send (next try in ${wait < 90 ? `${wait} s` : `${Math.round(wait / 60)} min`}).${why}`
        : `Sending soon.${why}`;
    }
    case 'sending':
      return 'Sending…';
    case 'sent':
      return e.sentCopy === 'pending' ? 'Sent. Saving a copy in Sent…' : 'Sent.';
    case 'failed':
      return e.lastError ? `Not sent. ${describeError(e.lastError)}` : 'Not sent.';
    case 'uncertain':
      return 'May have been sent: the connection ended before the server confirmed it. Check with a recipient or in Sent, then send it again or mark it as sent.';
  }
  return '';
};
