export type ContentTypeCheck = { ok: true; contentType: string } | { ok: false; error: string };

const FONT_APPLICATION = /^application\/(?:font-[a-z0-9.+-]+|x-font-[a-z0-9.+-]+|vnd\.ms-fontobject)$/;
const IMAGE_OR_FONT = /^(?:image|font)\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * Remote content is shown as images and fonts only, so only those types are accepted, by the
 * server's Content-Type (never sniffed). SVG is refused although it is an image: it is an XML
 * document that can carry script and its own links. Pure: the header in, the media type out.
 */
export const checkRemoteContentType = (header: string | undefined): ContentTypeCheck => {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return { ok: false, error: 'The server did not say what kind of file this is, so Homing did not load it.' };
  if (type === 'image/svg+xml')
    return {
      ok: false,
      error: 'This is an SVG image, which can carry script and links of its own; Homing does not load SVG from messages.',
    };
  if (IMAGE_OR_FONT.test(type) || FONT_APPLICATION.test(type)) return { ok: true, contentType: type };
  return { ok: false, error: `The server sent ${type.slice(0, 100)}, not an image or a font.` };
};
