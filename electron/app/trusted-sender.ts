import type { WebContents, WebFrameMain } from 'electron';

import { type AppLocation, isAppUrl } from './app-location';

/** The parts of an IpcMainInvokeEvent the check reads (also what unit tests build). */
export interface SenderInfo {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
}

/**
 * The windows we created, and the rule for whether an IPC message from one of them is ours.
 * After GitHub Desktop's trusted-ipc-sender.ts (only WebContents we registered may call), tightened
 * per Electron's security checklist §17 ("validate the sender of all IPC messages"): the message
 * must come from the MAIN frame of such a window, and that frame must currently show our own page
 * (the dev server in development, our index.html when packaged). A subframe — e.g. the sandboxed
 * iframe that renders untrusted mail — or a window that somehow navigated elsewhere is refused.
 */
export class TrustedSenders {
  private readonly contents = new Set<WebContents>();

  constructor(private readonly location: AppLocation) {}

  add(contents: WebContents): void {
    this.contents.add(contents);
    contents.once('destroyed', () => this.contents.delete(contents));
  }

  /** Live windows we created, for broadcasting events. */
  all(): WebContents[] {
    return [...this.contents].filter((c) => !c.isDestroyed());
  }

  byClientId(clientId: string): WebContents | null {
    return this.all().find((c) => String(c.id) === clientId) ?? null;
  }

  /** Does this window's main frame show our page right now (so it may receive mail data)? */
  showsOurPage(contents: WebContents): boolean {
    return !contents.isDestroyed() && isAppUrl(contents.mainFrame.url, this.location);
  }

  isTrusted(event: SenderInfo): boolean {
    const { sender, senderFrame } = event;
    // A null frame navigated away or was destroyed while the message was in flight.
    if (!senderFrame) return false;
    if (!this.contents.has(sender) || sender.isDestroyed()) return false;
    // WebFrameMain objects are per frame, but compare the frame token too rather than rely on
    // object identity across Electron versions. `detached`: the frame is being torn down.
    const main = sender.mainFrame;
    if (senderFrame.parent !== null || senderFrame.detached) return false;
    if (senderFrame !== main && senderFrame.frameToken !== main.frameToken) return false;
    return isAppUrl(senderFrame.url, this.location);
  }
}

/** A short, log-safe description of a refused sender: origin only, never the full URL. */
export const describeSender = (event: SenderInfo): string => {
  const url = event.senderFrame?.url ?? '(no frame)';
  let where = url;
  try {
    const u = new URL(url);
    where = u.protocol === 'file:' ? 'file://' : u.origin;
  } catch {
    where = url.slice(0, 40);
  }
  const frame = !event.senderFrame ? 'gone' : event.senderFrame.parent ? 'subframe' : 'main frame';
  return `webContents ${event.sender.id}, ${frame}, ${where}`;
};
