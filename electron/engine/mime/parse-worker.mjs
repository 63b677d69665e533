// Runs mailparser off the main event loop (ARCHITECTURE.md: heavy work stays off Electron's main
// loop). Plain JavaScript on purpose: worker_threads load it as-is under Node, tsx, Vitest and
// the Electron build, with no TypeScript loader in the worker.
import { parentPort } from 'node:worker_threads';

import { simpleParser } from 'mailparser';

const addresses = (field) => {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((group) =>
    (group.value ?? []).flatMap((a) =>
      a.group ? a.group.map((g) => ({ name: g.name ?? '', address: g.address ?? '' })) : [{ name: a.name ?? '', address: a.address ?? '' }],
    ),
  );
};

parentPort.on('message', async ({ id, bytes }) => {
  try {
    const parsed = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      // Hostile mail must not make us allocate without bound; mailparser caps decoded HTML here.
      maxHtmlLengthToParse: 10 * 1024 * 1024,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    parentPort.postMessage({
      id,
      ok: true,
      value: {
        subject: parsed.subject ?? '',
        from: addresses(parsed.from),
        to: addresses(parsed.to),
        cc: addresses(parsed.cc),
        date: parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.getTime() : null,
        text: parsed.text ?? null,
        html: typeof parsed.html === 'string' ? parsed.html : null,
        attachments: (parsed.attachments ?? []).map((a, index) => ({
          index,
          filename: a.filename ?? '',
          contentType: a.contentType ?? 'application/octet-stream',
          size: a.size ?? a.content?.length ?? 0,
          contentId: a.contentId ?? null,
          inline: a.contentDisposition === 'inline' || Boolean(a.related),
        })),
        problem: null,
      },
    });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
