/**
 * The keyboard shortcuts, declared once: the handler, the help overlay and the buttons'
 * aria-keyshortcuts all read this table. Gmail's letters where they exist (j/k, e, #, s, /, ?).
 */
export type ShortcutCommand =
  | 'next'
  | 'previous'
  | 'extendNext'
  | 'extendPrevious'
  | 'open'
  | 'expandThread'
  | 'collapseThread'
  | 'reply'
  | 'replyAll'
  | 'forward'
  | 'archive'
  | 'delete'
  | 'deleteForGood'
  | 'flag'
  | 'toggleRead'
  | 'move'
  | 'search'
  | 'help'
  | 'selectAll'
  | 'undo'
  | 'escape';

export interface Shortcut {
  command: ShortcutCommand;
  /** As shown to people. */
  keys: string[];
  /** aria-keyshortcuts value. */
  aria: string;
  description: string;
  /** Not available yet (needs the composer). */
  unavailable?: string;
}

export const SHORTCUTS: Shortcut[] = [
  { command: 'next', keys: ['j', '↓'], aria: 'j ArrowDown', description: 'Next message' },
  { command: 'previous', keys: ['k', '↑'], aria: 'k ArrowUp', description: 'Previous message' },
  {
    command: 'extendNext',
    keys: ['Shift+j', 'Shift+↓'],
    aria: 'Shift+J Shift+ArrowDown',
    description: 'Add the next message to the selection',
  },
  {
    command: 'extendPrevious',
    keys: ['Shift+k', 'Shift+↑'],
    aria: 'Shift+K Shift+ArrowUp',
    description: 'Add the previous message to the selection',
  },
  { command: 'open', keys: ['Enter', 'o'], aria: 'Enter o', description: 'Read the message (move focus to the reading pane)' },
  { command: 'expandThread', keys: ['→'], aria: 'ArrowRight', description: 'Expand the conversation (conversation view)' },
  { command: 'collapseThread', keys: ['←'], aria: 'ArrowLeft', description: 'Collapse the conversation (conversation view)' },
  { command: 'reply', keys: ['r'], aria: 'r', description: 'Reply' },
  { command: 'replyAll', keys: ['a'], aria: 'a', description: 'Reply to all' },
  { command: 'forward', keys: ['f'], aria: 'f', description: 'Forward' },
  { command: 'archive', keys: ['e'], aria: 'e', description: 'Archive' },
  { command: 'delete', keys: ['#', 'Delete'], aria: 'Shift+3 Delete', description: 'Delete (to Trash; from the Trash, for good)' },
  { command: 'deleteForGood', keys: ['Shift+Delete'], aria: 'Shift+Delete', description: 'Delete for good (asks first)' },
  { command: 'flag', keys: ['s'], aria: 's', description: 'Flag or unflag' },
  { command: 'toggleRead', keys: ['u'], aria: 'u', description: 'Mark read or unread' },
  { command: 'move', keys: ['v'], aria: 'v', description: 'Move to a folder…' },
  { command: 'undo', keys: ['z', 'Ctrl+z'], aria: 'z Control+Z', description: 'Undo the last move or deletion' },
  { command: 'selectAll', keys: ['Ctrl+a'], aria: 'Control+A', description: 'Select every message in the list' },
  { command: 'search', keys: ['/'], aria: '/', description: 'Search' },
  { command: 'help', keys: ['?'], aria: 'Shift+?', description: 'Show these shortcuts' },
  { command: 'escape', keys: ['Esc'], aria: 'Escape', description: 'Close a dialog, leave the search, or clear the selection' },
];

export const shortcutFor = (command: ShortcutCommand): Shortcut => SHORTCUTS.find((s) => s.command === command)!;

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The command a key press means, or null. Typing in a field never triggers anything but Escape. */
export const commandForKey = (event: KeyLike, typing = false): ShortcutCommand | null => {
  if (event.key === 'Escape') return 'escape';
  if (typing || event.altKey) return null;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod) {
    if (key === 'a') return 'selectAll';
    if (key === 'z') return 'undo';
    return null;
  }
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return event.shiftKey ? 'extendNext' : 'next';
    case 'k':
    case 'ArrowUp':
      return event.shiftKey ? 'extendPrevious' : 'previous';
    case 'Enter':
    case 'o':
      return 'open';
    case 'ArrowRight':
      return event.shiftKey ? null : 'expandThread';
    case 'ArrowLeft':
      return event.shiftKey ? null : 'collapseThread';
    case 'r':
      return 'reply';
    case 'a':
      return 'replyAll';
    case 'f':
      return 'forward';
    case 'e':
      return 'archive';
    case '#':
      return 'delete';
    case 'Delete':
      return event.shiftKey ? 'deleteForGood' : 'delete';
    case 's':
      return 'flag';
    case 'u':
      return 'toggleRead';
    case 'v':
      return 'move';
    case 'z':
      return 'undo';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
};

/** Is the key going into a text field (then shortcuts stay out of the way)? */
export const isTypingTarget = (target: EventTarget | null): boolean => {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
};
