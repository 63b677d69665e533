import type { StoredMessage } from '../../../store/rows';
import { type ShortcutCommand, shortcutFor } from '../keyboard/shortcuts';

const ButtonFor = ({
  command,
  label,
  onClick,
  disabled,
  pressed,
}: {
  command: ShortcutCommand;
  label: string;
  onClick(): void;
  disabled?: boolean;
  pressed?: boolean;
}) => {
  const s = shortcutFor(command);
  const unavailable = s.unavailable;
  return (
    <button
      type="button"
      className="small"
      onClick={onClick}
      disabled={disabled || !!unavailable}
      aria-keyshortcuts={s.aria}
      aria-pressed={pressed}
      title={unavailable ?? `${label} (${s.keys.join(' or ')})`}
    >
      {label}
    </button>
  );
};

/** Actions on the selected messages; every one also has a key (keyboard/shortcuts.ts). */
export function MessageToolbar({
  messages,
  canArchive,
  onArchive,
  onDelete,
  onToggleRead,
  onToggleFlag,
  onMove,
  onReply,
}: {
  messages: StoredMessage[];
  canArchive: boolean;
  onArchive(): void;
  onDelete(): void;
  onToggleRead(): void;
  onToggleFlag(): void;
  onMove(): void;
  onReply(): void;
}) {
  const none = messages.length === 0;
  const anyUnread = messages.some((m) => !m.seen);
  const allFlagged = messages.length > 0 && messages.every((m) => m.flagged);
  return (
    <div className="toolbar" role="toolbar" aria-label="Message actions">
      <ButtonFor command="reply" label="Reply" onClick={onReply} disabled={messages.length !== 1} />
      <ButtonFor command="archive" label="Archive" onClick={onArchive} disabled={none || !canArchive} />
      <ButtonFor command="delete" label="Delete" onClick={onDelete} disabled={none} />
      <ButtonFor command="toggleRead" label={anyUnread || none ? 'Mark read' : 'Mark unread'} onClick={onToggleRead} disabled={none} />
      <ButtonFor command="flag" label={allFlagged ? 'Unflag' : 'Flag'} onClick={onToggleFlag} disabled={none} pressed={allFlagged} />
      <ButtonFor command="move" label="Move to…" onClick={onMove} disabled={none} />
    </div>
  );
}
