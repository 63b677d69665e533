import { Modal } from '../layout/Modal';
import type { ConfirmRequest } from './use-mail-actions';

/** "Are you sure?" before a permanent deletion; Cancel has the focus, so Enter does not destroy. */
export function ConfirmDialog({ request }: { request: ConfirmRequest }) {
  return (
    <Modal label={request.title} role="alertdialog" onClose={() => request.resolve(false)}>
      <h2 id="modal-title" className={request.danger ? 'danger-title' : undefined}>
        {request.title}
      </h2>
      {request.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <div className="actions">
        <button type="button" autoFocus onClick={() => request.resolve(false)}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => request.resolve(true)}>
          {request.confirm}
        </button>
      </div>
    </Modal>
  );
}
