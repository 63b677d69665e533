/** New-mail notifications on or off: a preference of this computer (on unless turned off). */
const KEY = 'homing.notify-new-mail';

export const loadNotifySetting = (): boolean => {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
};

export const saveNotifySetting = (on: boolean): void => {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // not remembered; still applies to this window
  }
};
