import { useState } from 'react';

import type { Account } from '../../../electron/contract';
import type { ExportResult } from './export-only-here';

export type ExportMbox = (accountId: string) => Promise<ExportResult>;

const plural = (n: number) => `${n} ${n === 1 ? 'message' : 'messages'}`;

/**
 * Removing an account. Mail that exists only on this computer is never discarded silently: the
 * user saves it to an mbox file first and confirms the file is there (a download can be
 * cancelled, and Homing cannot see the file), or ticks that they understand it will be gone.
 * `onlyHere` is the number of messages whose only copy is here (undefined while counting).
 */
export function RemoveAccount(props: {
  account: Account;
  onlyHere: number | undefined;
  /** Saves the account's only-here mail to an mbox file. Absent: not in this build. */
  exportMbox?: ExportMbox | undefined;
  onRemove(): Promise<void>;
  onCancel(): void;
}) {
  const { account, onlyHere } = props;
  const [choice, setChoice] = useState<'export' | 'delete' | null>(props.exportMbox ? 'export' : null);
  const [understood, setUnderstood] = useState(false);
  const [exported, setExported] = useState<ExportResult | null>(null);
  const [haveFile, setHaveFile] = useState(false);
  const [busy, setBusy] = useState<null | 'exporting' | 'removing'>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const them = onlyHere === 1 ? 'it' : 'them';
  const saveStep = !!onlyHere && choice === 'export' && !exported;

  const run = async () => {
    setProblem(null);
    try {
      if (saveStep) {
        setBusy('exporting');
        const result = await props.exportMbox!(account.id);
        setExported(result);
        setHaveFile(false);
        return;
      }
      setBusy('removing');
      await props.onRemove();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  const complete = exported !== null && exported.missing === 0;
  const ready =
    onlyHere === 0 ||
    (onlyHere !== undefined && (saveStep || (choice === 'export' && complete && haveFile) || (choice === 'delete' && understood)));
  const action = !onlyHere
    ? 'Remove account'
    : choice === 'export'
      ? exported
        ? 'Remove account'
        : `Save ${them} to a file`
      : `Remove account and delete ${plural(onlyHere)}`;

  return (
    <section className="remove-dialog" role="dialog" aria-labelledby="remove-title" aria-describedby="remove-what">
      <h3 id="remove-title">Remove {account.name}?</h3>
      {onlyHere === undefined && <p id="remove-what">Counting the mail that exists only on this computer…</p>}
      {onlyHere === 0 && (
        <p id="remove-what">
          No mail of this account exists only on this computer
          {account.mode === 'imap' ? ': it is all on the server.' : '. Whatever is still on the server stays there.'} Removing the account
          deletes Homing’s copies on this computer and its saved password.
        </p>
      )}
      {onlyHere !== undefined && onlyHere > 0 && (
        <>
          <p id="remove-what">
            <strong>{plural(onlyHere)} of this account exist only on this computer.</strong> The server no longer has {them}: if you remove
            the account without saving {them}, {onlyHere === 1 ? 'it is' : 'they are'} gone for good.
          </p>
          <fieldset>
            <legend>What should happen to {them}?</legend>
            <label className="inline">
              <input
                type="radio"
                name="only-here"
                checked={choice === 'export'}
                disabled={!props.exportMbox}
                onChange={() => setChoice('export')}
              />
              Save {them} to a file first (mbox, which most mail programs can open)
            </label>
            {!props.exportMbox && <p className="hint">Saving to a file is not available in this version of Homing yet.</p>}
            {choice === 'export' && exported && (
              <div className="exported">
                <p>
                  Homing saved {plural(exported.saved)} as “{exported.filename}” in your downloads.
                  {exported.missing > 0 &&
                    ` ${plural(exported.missing)} could not be included because only their headers are on this computer, so the account is kept.`}
                </p>
                {complete && (
                  <label className="inline">
                    <input type="checkbox" checked={haveFile} onChange={(e) => setHaveFile(e.target.checked)} />I have checked that the file
                    is saved
                  </label>
                )}
              </div>
            )}
            <label className="inline">
              <input type="radio" name="only-here" checked={choice === 'delete'} onChange={() => setChoice('delete')} />
              Delete {them} with the account
            </label>
            {choice === 'delete' && (
              <label className="inline">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />I understand that{' '}
                {plural(onlyHere)} will be deleted for good
              </label>
            )}
          </fieldset>
        </>
      )}
      <p role="status" aria-live="polite">
        {busy === 'exporting' ? 'Saving the mail to a file…' : busy === 'removing' ? 'Removing the account…' : ''}
      </p>
      {problem && <p role="alert">{problem}</p>}
      <div className="actions">
        <button type="button" onClick={props.onCancel} disabled={busy !== null}>
          Keep the account
        </button>
        <button type="button" className={saveStep ? 'primary' : 'danger'} onClick={() => void run()} disabled={!ready || busy !== null}>
          {action}
        </button>
      </div>
    </section>
  );
}
