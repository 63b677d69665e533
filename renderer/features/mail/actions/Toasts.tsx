import type { Deferred } from './undo-queue';
import type { Notice } from './use-mail-actions';

/** The undo toast for the pending move/deletion, and short notices. Announced politely. */
export function Toasts({
  undoable,
  notices,
  onUndo,
  onDismiss,
}: {
  undoable: Deferred | null;
  notices: Notice[];
  onUndo(): void;
  onDismiss(id: number): void;
}) {
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {undoable && (
        <div className="toast" key="undo">
          <span>{undoable.label}.</span>
          <button type="button" className="small" onClick={onUndo} aria-keyshortcuts="z Control+Z">
            Undo
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div className={`toast${n.kind === 'error' ? ' toast-error' : ''}`} key={n.id} role={n.kind === 'error' ? 'alert' : undefined}>
          <span>{n.text}</span>
          <button type="button" className="small" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
