/**
 * Framing for the browser host's WebSocket, which cannot carry structured values the way Electron
 * IPC does (structured clone; IPC never needs this).
 *
 * A frame without bytes is plain JSON text. A frame that carries bytes (sync batches: the raw
 * RFC 5322 source of every message) is ONE binary WebSocket message, so the bytes travel as
 * themselves, never re-encoded:
 *
 *   "HMW" 0x01 | u32 LE header length | header: UTF-8 JSON | blob 0 | blob 1 | …
 *
 * The header is `{ value, blobs: [{ path, length }] }`: `value` is the frame with `null` where
 * each byte array was, and each blob says where it goes (`path`, the keys from the top of
 * `value`) and how long it is; blobs follow the header in order, back to back, and fill the rest
 * of the message exactly. Placing bytes by explicit path (rather than by a tag inside `value`)
 * means no string or object in a payload can ever be mistaken for bytes.
 *
 * Decoded byte arrays are views into the one received buffer, not copies (a 24 MB batch is never
 * copied on the UI thread); a holder that stores them must copy each view's own bytes (see
 * exactBytes in renderer/store/ops/messages.ts). Base64 in JSON, which this replaces, cost the
 * engine ~0.2–0.3 s of its event loop per 500-message batch to encode, and the page as much to
 * decode.
 */
const MAGIC = [0x48, 0x4d, 0x57, 0x01] as const; // "HMW", version 1
const PREFIX_BYTES = 8;

type Path = (string | number)[];
interface BlobEntry {
  path: Path;
  length: number;
}

/** What `encodeWire` gives: text, or the parts of one binary message (prefix + header first). */
export type WireMessage = string | Uint8Array[];

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Replaces every Uint8Array (Buffers included) with null, collecting it with its path. This runs
 * before JSON.stringify sees the value: a Buffer's own toJSON would first turn every byte into a
 * JSON number. Only the arrays and plain objects on the way to a byte array are copied; the rest
 * (in a sync batch, every message header) goes to JSON.stringify as it is. Copying all of it made
 * each 500-message batch allocate ~2,000 objects the engine's loop then spent up to ~10 ms
 * collecting. Anything else is left to JSON.stringify.
 */
const extractBytes = (value: unknown, path: Path, blobs: Uint8Array[], entries: BlobEntry[]): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) {
    blobs.push(value);
    entries.push({ path: [...path], length: value.byteLength });
    return null;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') continue;
      path.push(i);
      const stripped = extractBytes(v, path, blobs, entries);
      path.pop();
      if (stripped !== v) (out ??= value.slice())[i] = stripped;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === null || typeof v !== 'object') continue;
      path.push(key);
      const stripped = extractBytes(v, path, blobs, entries);
      path.pop();
      if (stripped !== v) (out ??= { ...value })[key] = stripped;
    }
    return out ?? value;
  }
  return value;
};

export const encodeWire = (value: unknown): WireMessage => {
  const blobs: Uint8Array[] = [];
  const entries: BlobEntry[] = [];
  const stripped = extractBytes(value, [], blobs, entries);
  if (blobs.length === 0) return JSON.stringify(stripped);
  const header = new TextEncoder().encode(JSON.stringify({ value: stripped, blobs: entries }));
  const first = new Uint8Array(PREFIX_BYTES + header.byteLength);
  first.set(MAGIC, 0);
  new DataView(first.buffer).setUint32(4, header.byteLength, true);
  first.set(header, PREFIX_BYTES);
  return [first, ...blobs];
};

/** The parts of a binary message as one array (for senders that take a single buffer). */
export const joinParts = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
};

const malformed = (why: string): never => {
  throw new Error(`Malformed binary frame: ${why}`);
};

const isPath = (path: unknown): path is Path =>
  Array.isArray(path) &&
  path.every((k) => (typeof k === 'string' && k !== '__proto__') || (typeof k === 'number' && Number.isInteger(k) && k >= 0));

/** Puts `bytes` where the encoder took a byte array out: only over a null the header itself holds. */
const place = (root: { value: unknown }, path: Path, bytes: Uint8Array): void => {
  let holder: unknown = root;
  let key: string | number = 'value';
  for (const next of path) {
    const child: unknown = (holder as Record<string | number, unknown>)[key];
    if (child === null || typeof child !== 'object') malformed('a blob path leads nowhere');
    holder = child;
    key = next;
  }
  const target = holder as Record<string | number, unknown>;
  if (!Object.prototype.hasOwnProperty.call(target, key) || target[key] !== null) malformed('a blob path does not end at a placeholder');
  target[key] = bytes;
};

const decodeBinary = (data: Uint8Array): unknown => {
  if (data.byteLength < PREFIX_BYTES || MAGIC.some((b, i) => data[i] !== b)) malformed('unknown format');
  const headerLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(4, true);
  const blobsStart = PREFIX_BYTES + headerLength;
  if (blobsStart > data.byteLength) malformed('header longer than the frame');
  const header: unknown = JSON.parse(new TextDecoder().decode(data.subarray(PREFIX_BYTES, blobsStart)));
  if (!isPlainObject(header) || !Array.isArray(header.blobs) || !('value' in header)) malformed('no header');
  const root = { value: (header as { value: unknown }).value };
  let at = blobsStart;
  for (const entry of (header as { blobs: unknown[] }).blobs) {
    if (
      !isPlainObject(entry) ||
      !isPath(entry.path) ||
      typeof entry.length !== 'number' ||
      !Number.isInteger(entry.length) ||
      entry.length < 0
    ) {
      malformed('bad blob entry');
    }
    const { path, length } = entry as unknown as BlobEntry;
    if (at + length > data.byteLength) malformed('blobs longer than the frame');
    place(root, path, new Uint8Array(data.buffer, data.byteOffset + at, length));
    at += length;
  }
  if (at !== data.byteLength) malformed('bytes left over after the last blob');
  return root.value;
};

/** Decodes a text frame (JSON) or a binary one (an ArrayBuffer or a view, e.g. a Node Buffer). */
export const decodeWire = (data: string | ArrayBuffer | Uint8Array): unknown => {
  if (typeof data === 'string') return JSON.parse(data);
  return decodeBinary(data instanceof Uint8Array ? data : new Uint8Array(data));
};

/** Frames of the browser host's WebSocket protocol. */
export type ClientFrame = { type: 'call'; id: number; name: string; input: unknown };
export type ServerFrame = { type: 'result'; id: number; result: unknown } | { type: 'event'; name: string; payload: unknown };
/**
 * What the browser host's socket carries instead of a binary frame: the page fetches the frame's
 * bytes from `/pickup/<id>` and decodes them with decodeWire (electron/host/pickups.ts).
 */
export type PickupFrame = { type: 'pickup'; id: string };
