const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * The message as it goes over SMTP: the same bytes as the Sent copy minus the Bcc header
 * (RFC 5322 §3.6.3: Bcc recipients must not be revealed to the others). Only the header block
 * is touched; a Bcc field's folded continuation lines go with it.
 */
export const stripBcc = (message: Buffer): Buffer => {
  const end = message.indexOf(CRLFCRLF);
  const headerEnd = end === -1 ? message.length : end + 2;
  const header = message.subarray(0, headerEnd).toString('latin1');
  const lines = header.split(/(?<=\r\n)/);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = /^bcc\s*:/i.test(line);
    if (!dropping) kept.push(line);
  }
  const out = kept.join('');
  if (out.length === header.length) return message;
  return Buffer.concat([Buffer.from(out, 'latin1'), message.subarray(headerEnd)]);
};
