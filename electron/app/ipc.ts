import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import type { EventName, EventPayload, Result } from '../contract';
import type { Engine, EventSink, Logger } from '../engine';
import type { AppLocation } from './app-location';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { describeSender, TrustedSenders } from './trusted-sender';

/**
 * The ONLY module that touches `ipcMain` and `webContents.send` (STYLE.md habit 2). One invoke
 * channel carries every command: the sender is checked first, then `(name, input)` go to the
 * engine's dispatch untouched, which parses both as `unknown` with the contract's schemas
 * (habit 3) and answers with a Result (habit 4). Events go out on one channel as (name, payload);
 * structured clone carries Uint8Array message bytes as they are.
 */
export interface IpcBridge {
  /** The engine's way to reach our windows. Usable before `connect`. */
  readonly sink: EventSink;
  /** Start answering calls. */
  connect(engine: Pick<Engine, 'dispatch' | 'clientGone'>): void;
  /** A window we created: trusted to call, and receives events. */
  addClient(contents: WebContents): void;
  dispose(): void;
}

type Refusal = Result<never>;

const refused: Refusal = {
  ok: false,
  error: { code: 'invalid_input', message: 'This page is not Homing, so it may not talk to the mail engine.' },
};

const crashed: Refusal = {
  ok: false,
  error: { code: 'internal', message: 'Homing hit an internal error passing a request to the mail engine. The log has details.' },
};

export const createIpcBridge = (opts: { location: AppLocation; log: Logger }): IpcBridge => {
  const { log } = opts;
  const trusted = new TrustedSenders(opts.location);
  let engine: Pick<Engine, 'dispatch' | 'clientGone'> | null = null;

  const send = (contents: WebContents, name: string, payload: unknown): boolean => {
    // Mail data goes only to a window that is showing our own page right now.
    if (!trusted.showsOurPage(contents)) return false;
    try {
      contents.send(EVENT_CHANNEL, name, payload);
      return true;
    } catch (err) {
      // An uncloneable payload is a bug in the engine; name the event, never dump the payload.
      log.error(`Could not send event ${name} to webContents ${contents.id}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  };

  const sink: EventSink = {
    broadcast<N extends EventName>(name: N, payload: EventPayload<N>): void {
      for (const contents of trusted.all()) send(contents, name, payload);
    },
    sendTo<N extends EventName>(clientId: string, name: N, payload: EventPayload<N>): boolean {
      const contents = trusted.byClientId(clientId);
      return contents ? send(contents, name, payload) : false;
    },
  };

  const handleCall = async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!trusted.isTrusted(event)) {
      log.warn(`Refused an IPC call from an untrusted sender (${describeSender(event)})`);
      return refused;
    }
    if (!engine) return crashed;
    try {
      return await engine.dispatch(name, input, { clientId: String(event.sender.id) });
    } catch (err) {
      // dispatch turns handler errors into Results itself; reaching here is a bug in it.
      log.error(`Dispatch threw: ${err instanceof Error ? err.message : String(err)}`);
      return crashed;
    }
  };

  return {
    sink,
    connect(e) {
      engine = e;
      ipcMain.handle(CALL_CHANNEL, handleCall);
    },
    addClient(contents) {
      trusted.add(contents);
      const clientId = String(contents.id);
      const gone = () => engine?.clientGone(clientId);
      contents.once('destroyed', gone);
      contents.on('render-process-gone', (_event, details) => {
        log.warn(`Renderer of window ${clientId} is gone (${details.reason}, exit code ${details.exitCode})`);
        gone();
      });
      // A reload (or any new document in the main frame) drops the old page's store writer; the
      // new page attaches again with `store:attach`. Pending store requests must fail now rather
      // than time out. `did-navigate` fires only once the new document commits (main frame,
      // cross-document), so a navigation that will-navigate cancels does not detach a live page.
      contents.on('did-navigate', () => gone());
    },
    dispose() {
      ipcMain.removeHandler(CALL_CHANNEL);
      engine = null;
    },
  };
};
