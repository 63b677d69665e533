import { useState } from 'react';

import { useServices } from '../../../app/app-context';
import { Modal } from '../layout/Modal';
import { classifyLink, looksDeceptive } from './mail-urls';
import type { FrameLink } from './MessageFrame';
import { openExternal } from './open-external';

/**
 * Shown instead of following a link in a message: the real target, in full, and a choice.
 * Only web and mail links can be opened, and only in the system browser / mail handler.
 */
export function LinkDialog({ link, onClose }: { link: FrameLink; onClose(): void }) {
  const target = classifyLink(link.href);
  const deceptive = looksDeceptive(link.text, target);
  const [note, setNote] = useState<string | null>(null);
  const { client } = useServices();

  const copy = () => {
    void navigator.clipboard?.writeText(target.url).then(
      () => setNote('Address copied.'),
      () => setNote('Could not copy; select the address above instead.'),
    );
  };

  return (
    <Modal label="Open link" onClose={onClose}>
      <h2 id="modal-title">
        {target.kind === 'mailto' ? 'Write to this address?' : target.kind === 'web' ? 'Open this link?' : 'This link cannot be opened'}
      </h2>
      <p>This link goes to:</p>
      <p className="link-target-full" aria-label="Link target">
        {target.kind === 'web' ? (
          <>
            <strong>{target.host}</strong>
            <br />
            <code>{target.url}</code>
          </>
        ) : (
          <code>{target.url || '(empty)'}</code>
        )}
      </p>
      {deceptive && (
        <p className="warning" role="alert">
          The text of this link shows a different address (“{link.text}”) than where it really goes. That is how phishing mail hides where
          it leads.
        </p>
      )}
      {target.kind === 'other' && <p className="muted">Homing only opens web (http, https) and email (mailto) links.</p>}
      {note && <p role="status">{note}</p>}
      <div className="actions">
        <button type="button" autoFocus onClick={onClose}>
          Cancel
        </button>
        <button type="button" onClick={copy}>
          Copy address
        </button>
        {target.kind !== 'other' && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              void openExternal(target.url, client).then((opened) => {
                if (opened) onClose();
                else setNote('The link could not be opened here; copy the address instead.');
              });
            }}
          >
            {target.kind === 'mailto' ? 'Open in mail app' : 'Open in browser'}
          </button>
        )}
      </div>
    </Modal>
  );
}
