import type { ParsedMessage } from '../../../../electron/contract';
import { type MimePart, mimeParts, partContent } from './mime-parts';

export type AttachmentInfo = ParsedMessage['attachments'][number];

/** Raster types only: what an <img> shows without being a document of its own. */
const INLINE_IMAGE_TYPES = /^image\/(?:png|gif|jpe?g|pjpeg|webp|bmp)$/;

const isBodyPart = (part: MimePart): boolean =>
  (part.contentType === 'text/plain' || part.contentType === 'text/html') && part.disposition !== 'attachment' && !part.filename;

/**
 * The MIME part mailparser reported as attachment `info`: by Content-ID, else by name and type,
 * else by position among the parts that are not body text (mailparser's order is tree order).
 */
export const findAttachmentPart = (parts: MimePart[], info: AttachmentInfo, all: AttachmentInfo[]): MimePart | null => {
  const cid = info.contentId?.replace(/^<|>$/g, '') ?? null;
  if (cid) {
    const byCid = parts.find((p) => p.contentId === cid);
    if (byCid) return byCid;
  }
  if (info.filename) {
    const byName = parts.filter((p) => p.filename === info.filename && p.contentType === info.contentType.toLowerCase());
    if (byName.length === 1) return byName[0]!;
  }
  const candidates = parts.filter((p) => !isBodyPart(p));
  const position = all.findIndex((a) => a.index === info.index);
  return candidates.length === all.length && position >= 0 ? (candidates[position] ?? null) : null;
};

/** The decoded bytes of one attachment, or null when the source is not here or the part is not found. */
export const attachmentBytes = (source: Uint8Array, info: AttachmentInfo, all: AttachmentInfo[]): Uint8Array | null => {
  const part = findAttachmentPart(mimeParts(source), info, all);
  return part ? partContent(source, part) : null;
};

/**
 * blob: URLs for the message's inline images, keyed by Content-ID, so `cid:` references show the
 * message's own bytes (nothing is fetched). Call `revoke` when the message is closed.
 */
export const inlineImageUrls = (source: Uint8Array): { urls: Map<string, string>; revoke(): void } => {
  const urls = new Map<string, string>();
  for (const part of mimeParts(source)) {
    if (!part.contentId || !INLINE_IMAGE_TYPES.test(part.contentType) || urls.has(part.contentId)) continue;
    const content = partContent(source, part);
    urls.set(part.contentId, URL.createObjectURL(new Blob([content as BlobPart], { type: part.contentType })));
  }
  return { urls, revoke: () => urls.forEach((url) => URL.revokeObjectURL(url)) };
};

const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$/i;

/**
 * A file name safe to offer for saving: no directories (`../`, `C:\`), no control or reserved
 * characters, no leading dots (hidden files), no trailing dots or spaces (Windows), no device
 * names, at most 180 characters with the extension kept. Falls back to `fallback`.
 */
export const safeFilename = (name: string | null | undefined, fallback = 'attachment'): string => {
  let base = (name ?? '').normalize('NFC');
  base = base.split(/[\\/]/).pop() ?? '';
  base = base
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .trim();
  if (!base || WINDOWS_RESERVED.test(base)) base = `${fallback}${base ? `_${base}` : ''}`;
  if (base.length > 180) {
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 && base.length - dot <= 12 ? base.slice(dot) : '';
    base = base.slice(0, 180 - ext.length) + ext;
  }
  return base;
};

const EXECUTABLE_EXTENSIONS = new Set([
  'exe',
  'com',
  'bat',
  'cmd',
  'msi',
  'msp',
  'scr',
  'pif',
  'cpl',
  'hta',
  'jar',
  'js',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'ps1',
  'psm1',
  'lnk',
  'reg',
  'dll',
  'app',
  'command',
  'dmg',
  'pkg',
  'sh',
  'bash',
  'run',
  'bin',
  'deb',
  'rpm',
  'apk',
  'appimage',
  'iso',
  'img',
  'vhd',
  'html',
  'htm',
  'svg',
  'xhtml',
  'docm',
  'xlsm',
  'pptm',
  'one',
  'url',
  'desktop',
]);

/** Types that run code or open as active content when double-clicked: saving them needs a warning first. */
export const isRisky = (filename: string, contentType: string): boolean => {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  return (
    EXECUTABLE_EXTENSIONS.has(ext) ||
    /^application\/(?:x-msdownload|x-msdos-program|x-executable|x-sh|x-msi|java-archive|x-apple-diskimage|vnd\.microsoft\.portable-executable)$/.test(
      contentType.toLowerCase(),
    )
  );
};
