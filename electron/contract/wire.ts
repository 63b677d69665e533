/**
 * JSON framing for transports that cannot carry binary in structured form (the browser host's
 * WebSocket). Electron IPC uses structured clone and never needs this. Raw message bytes must
 * round-trip exactly (invariant 3), so Uint8Array travels as base64, tagged.
 */
const BYTES_TAG = '$bytes';

const toBase64 = (bytes: Uint8Array): string => {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const native = (bytes as unknown as { toBase64?: () => string }).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
};

const fromBase64 = (text: string): Uint8Array => {
  if (typeof Buffer !== 'undefined') {
    const buf = Buffer.from(text, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  // Chromium 140+ decodes base64 natively, far faster than a per-character loop.
  const native = (Uint8Array as unknown as { fromBase64?: (t: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
};

/**
 * Tags byte arrays before JSON.stringify sees them: a Buffer's own toJSON would first turn every
 * byte into a JSON number (a 20 KB message into a 20,000-element array), which is what made
 * large sync batches slow.
 */
const toWireValue = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: toBase64(value) };
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWireValue(v);
    return out;
  }
  return value;
};

export const encodeWire = (value: unknown): string => JSON.stringify(toWireValue(value));

export const decodeWire = (text: string): unknown =>
  JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === BYTES_TAG && typeof (v as Record<string, unknown>)[BYTES_TAG] === 'string') {
        return fromBase64((v as Record<string, string>)[BYTES_TAG]!);
      }
    }
    return v;
  });

/** Frames of the browser host's WebSocket protocol. */
export type ClientFrame = { type: 'call'; id: number; name: string; input: unknown };
export type ServerFrame =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; name: string; payload: unknown };
