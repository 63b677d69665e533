import type { HomingDb } from '../db';
import type { BodyRow } from '../rows';

/** The cached parse of a message's source, or null: then parse the source (mime:parse) and cache it. */
export const getBody = async (db: HomingDb, id: string): Promise<BodyRow | null> => (await db.bodies.get(id)) ?? null;
