/**
 * The store's Web Worker: the single writer (ARCHITECTURE.md). Bulk writes of a 100k-message sync
 * run here, off the UI thread; the UI reads the same database with useLiveQuery, and Dexie
 * broadcasts each commit to it (BroadcastChannel), so lists refresh without any message from here.
 */
import { connectWebSocket } from '../api/ws-transport';
import { ARRIVALS_CHANNEL } from './arrivals';
import { startBodyIndexer } from './body-indexer';
import { openHomingDb } from './db';
import { watchReading } from './reading-activity';
import { bridgeStoreRequests } from './store-bridge';
import { type MessageEndpoint, serveStoreRequests } from './worker-protocol';
import { createStoreWriter } from './writer';
import type { ConnectStore } from './writer-client';

const db = openHomingDb();
// Open now rather than on the first request; if opening fails, every request answers
// store_unavailable (see errors.ts) and the engine keeps its mail on the server.
db.open().catch(() => undefined);

// tsconfig types `self` as a Window (DOM lib); in a dedicated worker it is the worker scope.
// New rows go to the window's new-mail notifications (features/mail/notify) after their commit.
const arrivals = new BroadcastChannel(ARRIVALS_CHANNEL);
const writer = createStoreWriter(db, {
  onArrivals: (rows) => arrivals.postMessage(rows),
  onIdle: () => indexer.wake(),
});
// Adds the words of stored sources to the search index while the writer is idle (body-indexer.ts).
const indexer = startBodyIndexer(db, { idleSince: writer.idleSince, readingUntil: watchReading().until });
serveStoreRequests(self as unknown as MessageEndpoint, writer.handleUnknown);

// The browser host lets this worker hold its own connection to the engine (writer-client.ts), so
// sync batches come here without passing through the page's main thread.
let connected = false;
self.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as Partial<ConnectStore> | null;
  if (connected || data?.type !== 'connect-store' || typeof data.url !== 'string') return;
  connected = true;
  const bridge = bridgeStoreRequests(connectWebSocket(data.url), writer.handleUnknown);
  // Until an attach succeeds the engine keeps its mail on the server; say why in the console.
  void bridge.attached.then((result) => {
    if (!result.ok) console.warn(`[store] the engine did not take this store: ${result.error.message}`);
  });
});
