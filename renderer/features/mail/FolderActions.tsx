import type { Account, Folder } from '../../../electron/contract';
import { useServices } from '../../app/app-context';
import { folderExport } from '../../store/queries/folder-export';
import { folderMessages } from '../../store/queries/folder-messages';
import type { MailActions } from './actions/use-mail-actions';
import { downloadBytes } from './export/download';
import { mboxFilename } from './export/export-names';
import { mboxrdChunks } from './export/mboxrd';

/** Folder-wide actions: export as mbox (the backup), and emptying the Trash. */
export function FolderActions({
  folder,
  account,
  total,
  actions,
}: {
  folder: Folder;
  account: Account | undefined;
  total: number;
  actions: MailActions;
}) {
  const { db } = useServices();

  const exportMbox = async () => {
    actions.notify(`Preparing ${folder.name} for export…`);
    const { entries, missing } = await folderExport(db, folder.id);
    downloadBytes(entries.flatMap(mboxrdChunks), mboxFilename(account?.name ?? 'Homing', folder.name), 'application/mbox');
    actions.notify(
      `Exported ${entries.length} ${entries.length === 1 ? 'message' : 'messages'} as .mbox.${
        missing
          ? ` ${missing} ${missing === 1 ? 'message is' : 'messages are'} only on the server (not downloaded) and ${missing === 1 ? 'was' : 'were'} left out.`
          : ''
      }`,
    );
  };

  const emptyTrash = async () => {
    const rows = await folderMessages(db, folder.id);
    await actions.remove(rows, { permanent: true, emptyingTrash: true });
  };

  return (
    <div className="folder-actions" role="group" aria-label={`${folder.name} actions`}>
      <button
        type="button"
        className="small"
        disabled={total === 0}
        onClick={() => void exportMbox()}
        title="Save every message of this folder, byte for byte, as one .mbox file"
      >
        Export .mbox
      </button>
      {folder.role === 'trash' && (
        <button type="button" className="small danger" disabled={total === 0} onClick={() => void emptyTrash()}>
          Empty Trash
        </button>
      )}
    </div>
  );
}
