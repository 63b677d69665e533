import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Engine } from '../../../electron/engine';
import { startTestEngine } from '../../helpers/engine';
import { type MailServer, startDovecot } from '../../mailserver/dovecot';

/** `search:server` through the engine's dispatcher: parsed input, and an answer for every account kind. */

let server: MailServer;
let engine: Engine;
let app: Awaited<ReturnType<typeof startTestEngine>>;
const ctx = { clientId: 'test' };

beforeAll(async () => {
  server = await startDovecot({ users: [{ user: 'finder', password: 'finder-pw' }] });
  app = await startTestEngine();
  engine = app.engine;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});

const add = async (mode: 'imap' | 'pop3'): Promise<string> => {
  const port = mode === 'imap' ? server.ports.imaps : server.ports.pop3s;
  const added = await engine.dispatch(
    'accounts:add',
    {
      password: 'finder-pw',
      settings: {
        name: mode,
        email: 'finder@homing.test',
        mode,
        incoming: { host: '127.0.0.1', port, security: 'tls', username: 'finder', trustedFingerprint256: server.certFingerprint256 },
      },
    },
    ctx,
  );
  if (!added.ok) throw new Error(added.error.message);
  return (added.value as { id: string }).id;
};

describe('search:server through the engine', () => {
  it('refuses POP3 accounts, empty queries and unknown folders with stable codes', async () => {
    const pop = await add('pop3');
    const imap = await add('imap');
    const popAnswer = await engine.dispatch('search:server', { folderId: `${pop}/INBOX`, query: 'x' }, ctx);
    expect(popAnswer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Only IMAP accounts/) } });
    expect(await engine.dispatch('search:server', { folderId: `${imap}/INBOX`, query: '   ' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await engine.dispatch('search:server', { folderId: `${imap}/INBOX`, query: 'x', field: 'body' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    // No store is attached, so the account has listed no folders yet: nothing to search.
    expect(await engine.dispatch('search:server', { folderId: `${imap}/Nowhere`, query: 'x' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
