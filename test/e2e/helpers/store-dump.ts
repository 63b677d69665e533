import type { Page } from 'playwright-core';

/**
 * Every row of every table of the page's store as text (bytes decoded as UTF-8), for tests that
 * prove something — a password — is nowhere in it (invariant 7).
 */
export const dumpStore = (page: Page): Promise<string> =>
  page.evaluate(async () => {
    const open = indexedDB.open('homing');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: string[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      const rows: unknown[] = await new Promise((resolve) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
      });
      out.push(JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)));
    }
    db.close();
    // Message sources live in segment files in the Origin Private File System (store/source-files.ts).
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('homing-sources').catch(() => null);
    if (dir) {
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
        out.push(await (await (await dir.getFileHandle(name)).getFile()).text());
      }
    }
    return out.join('\n');
  });
