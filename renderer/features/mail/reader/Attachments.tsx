import { useState } from 'react';

import { formatBytes } from '../../storage/format-bytes';
import { downloadBytes } from '../export/download';
import { attachmentBytes, type AttachmentInfo, isRisky, safeFilename } from '../mime/attachments';

/** The message's attachments with name, type and size; saving uses a sanitized file name. */
export function Attachments({ attachments, source }: { attachments: AttachmentInfo[]; source: Uint8Array | null }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AttachmentInfo | null>(null);
  const listed = attachments.filter((a) => !a.inline || !a.contentId);
  if (listed.length === 0) return null;

  const save = (info: AttachmentInfo) => {
    setConfirming(null);
    const bytes = source ? attachmentBytes(source, info, attachments) : null;
    if (!bytes) {
      setProblem(`“${info.filename || 'This attachment'}” could not be found in the stored message.`);
      return;
    }
    downloadBytes(bytes, safeFilename(info.filename), info.contentType || 'application/octet-stream');
  };

  return (
    <section className="attachments" aria-label="Attachments">
      <h2 className="attachments-title">
        {listed.length} {listed.length === 1 ? 'attachment' : 'attachments'}
      </h2>
      <ul>
        {listed.map((a) => {
          const name = a.filename || '(unnamed)';
          const risky = isRisky(a.filename, a.contentType);
          return (
            <li key={a.index} className="attachment">
              <span className="attachment-name">{name}</span>
              <span className="muted">
                {a.contentType} · {formatBytes(a.size)}
              </span>
              <button
                type="button"
                className="small"
                aria-label={`Save ${name}`}
                disabled={!source}
                onClick={() => (risky ? setConfirming(a) : save(a))}
              >
                Save…
              </button>
              {confirming === a && (
                <div className="attachment-warning" role="alertdialog" aria-label={`Save ${name}?`}>
                  <p className="warning">
                    “{safeFilename(a.filename)}” is a kind of file that can run programs or open as a web page on your computer. Only save
                    it if you expected it from this sender.
                  </p>
                  <button type="button" className="small" onClick={() => save(a)}>
                    Save anyway
                  </button>{' '}
                  <button type="button" className="small" onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
