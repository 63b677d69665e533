import type { Folder } from '../../../../electron/contract';
import { Modal } from '../layout/Modal';

/** Choose a folder to move the selected messages to (menu and `v`). Same account only. */
export function MoveMenu({
  folders,
  currentFolderId,
  onMove,
  onClose,
}: {
  folders: Folder[];
  currentFolderId: string | null;
  onMove(folderId: string): void;
  onClose(): void;
}) {
  return (
    <Modal label="Move to folder" onClose={onClose}>
      <h2 id="modal-title">Move to…</h2>
      <ul className="move-menu" role="menu" aria-label="Folders">
        {folders.map((f, i) => (
          <li key={f.id} role="none">
            <button
              type="button"
              role="menuitem"
              autoFocus={i === 0}
              disabled={f.id === currentFolderId}
              onClick={() => {
                onMove(f.id);
                onClose();
              }}
              onKeyDown={(e) => {
                const items = Array.from(
                  (e.currentTarget.closest('ul') as HTMLElement).querySelectorAll<HTMLButtonElement>('button:not([disabled])'),
                );
                const at = items.indexOf(e.currentTarget);
                if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
                if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
              }}
            >
              {f.name}
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
