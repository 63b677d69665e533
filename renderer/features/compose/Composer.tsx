import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from 'react';

import type { Account, AppError } from '../../../electron/contract';
import { type Draft, type DraftSaved, identitiesOf, type OutboxEntry } from '../../../electron/contract/compose';
import { describeError } from '../errors/plain-words';
import { AddressField } from './AddressField';
import type { ComposeApi } from './compose-api';
import { applyMark, type Mark } from './format-marks';
import { formatBytes, formatRecipients, parseRecipients } from './recipients';
import { swapSignature } from './signature-swap';
import { estimateMessageSize, sizeVerdict, sizeWords } from './size-estimate';
import { useSizeLimit } from './use-size-limit';

export interface ComposerProps {
  api: ComposeApi;
  accounts: Account[];
  initial: Draft;
  /** Address suggestions for what the user typed (address-suggestions.ts over the store). */
  suggest(typed: string): Promise<{ name: string; address: string }[]>;
  /** The composer is done: sent, queued, discarded or closed (the draft is saved first). */
  onClose(result: { kind: 'sent' | 'queued' | 'closed' | 'discarded' | 'uncertain'; entry?: OutboxEntry }): void;
  /** Autosave delay after the last keystroke, ms. */
  autosaveMs?: number;
}

type Fields = { to: string; cc: string; bcc: string };

const FORMAT_BUTTONS: { mark: Mark; label: string; text: string; keys?: string }[] = [
  { mark: 'bold', label: 'Bold', text: 'B', keys: 'Ctrl+B' },
  { mark: 'italic', label: 'Italic', text: 'I', keys: 'Ctrl+I' },
  { mark: 'quote', label: 'Quote', text: '❝' },
  { mark: 'list', label: 'Bulleted list', text: '•' },
];

const fieldsOf = (d: Draft): Fields => ({ to: formatRecipients(d.to), cc: formatRecipients(d.cc), bcc: formatRecipients(d.bcc) });

const savedWords = (s: DraftSaved | null, saving: boolean): string => {
  if (saving) return 'Saving…';
  if (!s) return '';
  const time = new Date(s.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (s.error) return `Saved on this computer at ${time}; not yet in Drafts on the server (${s.error.message})`;
  return s.where === 'server'
    ? `Saved in Drafts at ${time}`
    : s.where === 'local-folder'
      ? `Saved in Drafts at ${time}`
      : `Saved on this computer at ${time}`;
};

/**
 * New message, reply, reply all and forward. Everything typed is saved on this computer within a
 * second or two (compose:save) and then in Drafts, so closing the window never loses a draft.
 * Plain text always; "Formatting" also sends a generated HTML part (*bold*, _italic_, links).
 */
export function Composer({ api, accounts, initial, suggest, onClose, autosaveMs = 1_500 }: ComposerProps) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(initial));
  const [showCcBcc, setShowCcBcc] = useState(initial.cc.length + initial.bcc.length > 0);
  const [saved, setSaved] = useState<DraftSaved | null>(null);
  const [saving, setSaving] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | string | null>(null);
  const [dragging, setDragging] = useState(false);
  const dirty = useRef(false);
  const latest = useRef(draft);
  latest.current = draft;
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { from: useId(), subject: useId(), body: useId(), status: useId(), format: useId(), size: useId() };
  const [signatureNote, setSignatureNote] = useState<string | null>(null);
  const sizeLimit = useSizeLimit(api, draft.accountId);
  const body = useRef<HTMLTextAreaElement>(null);

  /** The draft with the recipient fields as typed (invalid parts reported, not dropped silently). */
  const withRecipients = useCallback((d: Draft, f: Fields) => {
    const to = parseRecipients(f.to);
    const cc = parseRecipients(f.cc);
    const bcc = parseRecipients(f.bcc);
    return {
      draft: { ...d, to: to.addresses, cc: cc.addresses, bcc: bcc.addresses },
      invalid: [...to.invalid, ...cc.invalid, ...bcc.invalid],
    };
  }, []);

  const save = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    setSaving(true);
    const result = await api.call('compose:save', { draft: latest.current });
    setSaving(false);
    if (result.ok) setSaved(result.value);
    else setError(result.error);
  }, [api]);

  // Autosave a moment after the last change.
  useEffect(() => {
    if (!dirty.current) return;
    const t = setTimeout(() => void save(), autosaveMs);
    return () => clearTimeout(t);
  }, [draft, autosaveMs, save]);

  const change = (patch: Partial<Draft>) => {
    dirty.current = true;
    setDraft((d) => ({ ...d, ...patch }));
  };
  /** A formatting-bar click or Ctrl+B / Ctrl+I: marks the selection and turns on the HTML part. */
  const formatSelection = (mark: Mark) => {
    const el = body.current;
    const edit = applyMark(draft.text, el?.selectionStart ?? draft.text.length, el?.selectionEnd ?? draft.text.length, mark);
    change({ text: edit.text, format: 'formatted' });
    // After React wrote the new text: keep the marked words selected, as editors do.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(edit.selectionStart, edit.selectionEnd);
    });
  };
  const changeField = (name: keyof Fields, value: string) => {
    const next = { ...fields, [name]: value };
    setFields(next);
    change(withRecipients(latest.current, next).draft);
  };

  const attach = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // The draft must exist on disk before a file can be stored with it.
      dirty.current = true;
      await save();
      const r = await api.call('compose:addAttachment', {
        draftId: draft.id,
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        bytes,
      });
      if (r.ok) setDraft((d) => ({ ...d, attachments: [...d.attachments, r.value] }));
      else setError(r.error);
    }
  };

  const removeAttachment = async (id: string) => {
    const r = await api.call('compose:removeAttachment', { draftId: draft.id, attachmentId: id });
    if (r.ok) setDraft((d) => ({ ...d, attachments: d.attachments.filter((a) => a.id !== id) }));
  };

  const send = async () => {
    setError(null);
    const { draft: full, invalid } = withRecipients(draft, fields);
    if (invalid.length) {
      setError(`These are not email addresses: ${invalid.join(', ')}`);
      return;
    }
    if (full.to.length + full.cc.length + full.bcc.length === 0) {
      setError('Add at least one recipient.');
      return;
    }
    setSending(true);
    const r = await api.call('compose:send', { draft: full });
    setSending(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const entry = r.value;
    if (entry.state === 'sent') onClose({ kind: 'sent', entry });
    else if (entry.state === 'queued') onClose({ kind: 'queued', entry });
    else if (entry.state === 'uncertain') onClose({ kind: 'uncertain', entry });
    else setError(entry.lastError ?? 'The message was not sent.');
  };

  const close = async () => {
    dirty.current = true;
    await save();
    onClose({ kind: 'closed' });
  };

  const discard = async () => {
    const r = await api.call('compose:discard', { draftId: draft.id });
    if (r.ok) onClose({ kind: 'discarded' });
    else setError(r.error);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void attach(e.dataTransfer.files);
  };

  const account = accounts.find((a) => a.id === draft.accountId);
  // Every identity of every account: choosing one picks the account it is sent through too.
  const senders = accounts.flatMap((a) => identitiesOf(a).map((identity) => ({ account: a, identity })));
  const senderIndex = senders.findIndex((s) => s.account.id === draft.accountId && s.identity.id === draft.identityId);
  const chooseSender = (index: number) => {
    const next = senders[index];
    const current = senders[senderIndex];
    if (!next) return;
    const swap = swapSignature(latest.current.text, current?.identity.signature ?? '', next.identity.signature);
    setSignatureNote(
      swap.kind === 'edited' ? 'You changed the signature in the text, so Homing left it as it is for the new sender.' : null,
    );
    change({ accountId: next.account.id, identityId: next.identity.id, ...(swap.kind === 'swapped' ? { text: swap.text } : {}) });
  };
  const size = sizeVerdict(estimateMessageSize(draft), sizeLimit);
  const tooLarge = size.kind === 'too-large';
  const total = draft.attachments.reduce((n, a) => n + a.size, 0);
  const errorText = error === null ? null : typeof error === 'string' ? error : describeError(error);

  return (
    <section
      className={`composer${dragging ? ' composer-dragging' : ''}`}
      aria-label={draft.subject ? `Write: ${draft.subject}` : 'New message'}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="composer-fields">
        <label htmlFor={ids.from}>From</label>
        <select id={ids.from} value={senderIndex === -1 ? '' : String(senderIndex)} onChange={(e) => chooseSender(Number(e.target.value))}>
          {senderIndex === -1 && (
            <option value="" disabled>
              Choose who this is from
            </option>
          )}
          {senders.map((s, i) => (
            <option key={`${s.account.id}/${s.identity.id}`} value={String(i)}>
              {s.identity.name ? `${s.identity.name} <${s.identity.address}>` : s.identity.address}
              {accounts.length > 1 && s.identity.id !== 'primary' ? ` (via ${s.account.name})` : ''}
            </option>
          ))}
        </select>
        {signatureNote && (
          <p className="hint composer-wide" role="status">
            {signatureNote}
          </p>
        )}
        <AddressField label="To" value={fields.to} onChange={(v) => changeField('to', v)} suggest={suggest} />
        {showCcBcc ? (
          <>
            <AddressField label="Cc" value={fields.cc} onChange={(v) => changeField('cc', v)} suggest={suggest} />
            <AddressField label="Bcc" value={fields.bcc} onChange={(v) => changeField('bcc', v)} suggest={suggest} />
          </>
        ) : (
          <button type="button" className="link" onClick={() => setShowCcBcc(true)}>
            Add Cc or Bcc
          </button>
        )}
        <label htmlFor={ids.subject}>Subject</label>
        <input id={ids.subject} value={draft.subject} onChange={(e) => change({ subject: e.target.value })} />
      </div>

      <div className="format-bar" role="toolbar" aria-label="Formatting" aria-controls={ids.body}>
        {FORMAT_BUTTONS.map(({ mark, label, text, keys }) => (
          <button
            key={mark}
            type="button"
            className="small"
            aria-label={label}
            title={keys ? `${label} (${keys})` : label}
            // Keep the selection in the text box: a click must not move focus before we read it.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => formatSelection(mark)}
          >
            {text}
          </button>
        ))}
      </div>
      <label htmlFor={ids.body} className="visually-hidden">
        Message
      </label>
      <textarea
        id={ids.body}
        ref={body}
        className="composer-body"
        value={draft.text}
        onChange={(e) => change({ text: e.target.value })}
        onKeyDown={(e) => {
          const mark =
            (e.ctrlKey || e.metaKey) && !e.altKey ? ({ b: 'bold', i: 'italic' } as const)[e.key.toLowerCase() as 'b' | 'i'] : undefined;
          if (!mark) return;
          e.preventDefault();
          formatSelection(mark);
        }}
        aria-describedby={ids.format}
        spellCheck
      />
      <p id={ids.format} className="hint">
        <label>
          <input
            type="checkbox"
            checked={draft.format === 'formatted'}
            onChange={(e) => change({ format: e.target.checked ? 'formatted' : 'plain' })}
          />{' '}
          Formatting: *bold*, _italic_, links and “&gt; ” quotes are also sent as formatted text
        </label>
      </p>

      <div className="composer-attachments">
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => e.target.files && void attach(e.target.files)}
        />
        <button type="button" onClick={() => fileInput.current?.click()}>
          Attach files…
        </button>
        <span className="hint">or drop files here</span>
        {draft.attachments.length > 0 && (
          <ul aria-label={`Attachments, ${formatBytes(total)} in all`}>
            {draft.attachments.map((a) => (
              <li key={a.id}>
                {a.filename} <span className="hint">({formatBytes(a.size)})</span>{' '}
                <button type="button" aria-label={`Remove ${a.filename}`} onClick={() => void removeAttachment(a.id)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <p id={ids.size} className={tooLarge ? 'composer-error' : 'hint'} aria-label="Size">
        {sizeWords(size)}
      </p>

      {errorText && (
        <p role="alert" className="composer-error">
          {errorText}
        </p>
      )}

      <div className="composer-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void send()}
          disabled={sending || !account || tooLarge}
          aria-describedby={tooLarge ? ids.size : undefined}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
        <button type="button" onClick={() => void close()}>
          Close
        </button>
        <button type="button" onClick={() => void discard()}>
          Discard draft
        </button>
        <span id={ids.status} role="status" className="hint">
          {savedWords(saved, saving)}
        </span>
      </div>
    </section>
  );
}
