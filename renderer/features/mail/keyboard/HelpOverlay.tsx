import { Modal } from '../layout/Modal';
import { SHORTCUTS } from './shortcuts';

export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Modal label="Keyboard shortcuts" onClose={onClose}>
      <h2 id="modal-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command} className={s.unavailable ? 'unavailable' : undefined}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && <span className="muted"> or </span>}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>
                {s.description}
                {s.unavailable && <span className="muted"> — not available yet: {s.unavailable}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
