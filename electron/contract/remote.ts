import { z } from 'zod';

/**
 * Remote content of a message the user chose to load ("Load for this message", "Always for this
 * sender"). The mail frame never reaches the network (its CSP and the desktop session refuse every
 * remote load); the engine fetches exactly the URLs the reader found, without cookies, referrer or
 * credentials, and the reader shows the bytes as blob: URLs. Declared once, spread into `commands`.
 */

const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected raw bytes');

export const remoteItemSchema = z.object({
  url: z.string(),
  /** The bytes, when the server answered 2xx with an image or font within the size limit. */
  ok: z.boolean(),
  contentType: z.string().nullable(),
  bytes: bytesSchema.nullable(),
  /** Why it was not loaded, in plain words (null when ok). */
  error: z.string().nullable(),
});
export type RemoteItem = z.infer<typeof remoteItemSchema>;

export const remoteCommands = {
  'remote:fetch': {
    input: z
      .object({
        /** http(s) URLs found in one message; at most 100 per call. */
        urls: z.array(z.string().max(8_000)).max(100),
      })
      .strict(),
    output: z.object({ items: z.array(remoteItemSchema) }),
  },
} as const;
