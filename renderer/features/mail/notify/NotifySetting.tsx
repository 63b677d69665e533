import type { NotifyControls } from './use-new-mail-notifications';

/** The on/off setting for new-mail notifications, and what the browser allows. */
export function NotifySetting({ notify }: { notify: NotifyControls }) {
  return (
    <div className="notify-setting">
      <label>
        <input type="checkbox" checked={notify.enabled} onChange={(e) => notify.setEnabled(e.target.checked)} />
        Notify me of new mail
      </label>
      {notify.enabled && notify.permission === 'default' && (
        <button type="button" className="small" onClick={notify.askPermission}>
          Allow notifications
        </button>
      )}
      {notify.enabled && notify.permission === 'denied' && <span className="muted">Notifications are blocked for Homing.</span>}
      {notify.enabled && notify.permission === 'unsupported' && <span className="muted">Notifications are not available here.</span>}
    </div>
  );
}
