import './app/theme.css';

import { createRoot } from 'react-dom/client';

import { connectFromEnvironment } from './api/client';
import { App } from './app/App';
import { AppContext } from './app/app-context';
import { ErrorBoundary } from './features/errors/ErrorBoundary';
import { openHomingDb } from './store/db';
import { startStoreWorker } from './store/writer-client';

const root = createRoot(document.getElementById('root')!);

try {
  const client = connectFromEnvironment();
  const db = openHomingDb();
  // The single writer runs in a Web Worker and attaches itself to the engine as the store.
  void startStoreWorker(client.transport);
  root.render(
    <AppContext.Provider value={{ client, db }}>
      <ErrorBoundary what="The Homing window" client={client}>
        <App />
      </ErrorBoundary>
    </AppContext.Provider>,
  );
} catch (err) {
  root.render(
    <main className="fatal" role="alert">
      <h1>Homing could not start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
    </main>,
  );
}
