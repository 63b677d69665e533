import type { ParsedMessage } from '../../electron/contract/commands';
import type { HomingDb } from './db';
import type { BodyRow } from './rows';

/**
 * Caches the parse of a message's source so the reader opens it without parsing again. This is
 * derived data, not mail: it is written only while the source it came from is still stored (the
 * writer drops it whenever that source is rewritten or removed), so it can never outlive it.
 */
export const cacheParsedBody = (db: HomingDb, id: string, parsed: ParsedMessage): Promise<boolean> =>
  db.transaction('rw', [db.messages, db.bodies], async () => {
    // The row says whether a source is stored (inline or in a segment file) without loading it.
    if (!(await db.messages.get(id))?.hasSource) return false;
    const row: BodyRow = { id, text: parsed.text, html: parsed.html, attachments: parsed.attachments, problem: parsed.problem };
    await db.bodies.put(row);
    return true;
  });
