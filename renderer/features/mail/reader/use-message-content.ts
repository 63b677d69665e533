import { useEffect, useState } from 'react';

import type { ParsedMessage } from '../../../../electron/contract';
import type { HomingClient } from '../../../api/client';
import { cacheParsedBody } from '../../../store/body-cache';
import type { HomingDb } from '../../../store/db';
import { getBody } from '../../../store/queries/get-body';
import { getSource } from '../../../store/queries/get-source';
import { describeError } from '../../errors/plain-words';

export interface MessageContent {
  /** Which message this is the content of. */
  id: string | null;
  /** The raw source exactly as stored, or null while loading / when it could not be fetched. */
  source: Uint8Array | null;
  parsed: ParsedMessage | null;
  error: string | null;
  loading: boolean;
}

const EMPTY: MessageContent = { id: null, source: null, parsed: null, error: null, loading: true };

/**
 * The stored source of a message and its parse. The parse comes from the store's body cache when
 * it has one; otherwise from the engine's `mime:parse`, and is cached for next time. A message
 * whose body is not here yet is fetched through the engine (`message:fetchSource`).
 */
export const useMessageContent = (
  db: HomingDb,
  client: HomingClient,
  messageId: string,
  hasSource: boolean | undefined,
): MessageContent => {
  const [content, setContent] = useState<MessageContent>(EMPTY);

  useEffect(() => {
    // Wait for the stored row: whether the source is here decides where the bytes come from.
    if (hasSource === undefined) return;
    let cancelled = false;
    // A body that arrives later (headers-only → fetched) reloads in place, without a blank flash.
    setContent((previous) => (previous.id === messageId ? previous : { ...EMPTY, id: messageId }));
    const done = (next: Omit<MessageContent, 'id'>) => {
      if (!cancelled) setContent({ ...next, id: messageId });
    };
    void (async () => {
      let bytes = await getSource(db, messageId);
      if (!bytes) {
        const fetched = await client.call('message:fetchSource', { messageId });
        if (cancelled) return;
        if (!fetched.ok) {
          done({ source: null, parsed: null, error: describeError(fetched.error), loading: false });
          return;
        }
        bytes = fetched.value.bytes;
      }
      const cached = await getBody(db, messageId);
      if (cached) {
        done({ source: bytes, parsed: { ...emptyHeaders, ...cached }, error: null, loading: false });
        return;
      }
      const result = await client.call('mime:parse', { bytes });
      if (cancelled) return;
      if (result.ok) {
        done({ source: bytes, parsed: result.value, error: null, loading: false });
        // Derived data only; the store refuses it if the source is gone meanwhile.
        void cacheParsedBody(db, messageId, result.value).catch(() => undefined);
      } else {
        // The source stays viewable even when parsing fails (invariant 3).
        done({ source: bytes, parsed: null, error: describeError(result.error), loading: false });
      }
    })().catch((err: unknown) => {
      done({ source: null, parsed: null, error: err instanceof Error ? err.message : String(err), loading: false });
    });
    return () => {
      cancelled = true;
    };
    // hasSource: a headers-only message that gets its body later is loaded again.
  }, [db, client, messageId, hasSource]);

  // Never show the previous message's content under a new message's headers.
  return content.id === messageId ? content : EMPTY;
};

// The body cache keeps only the body; the header fields come from the stored message row.
const emptyHeaders: Pick<ParsedMessage, 'subject' | 'from' | 'to' | 'cc' | 'date'> = { subject: '', from: [], to: [], cc: [], date: null };

/** Source bytes as text for "View source": UTF-8 when they are valid UTF-8, else Latin-1, byte for byte. */
export const sourceText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
};
