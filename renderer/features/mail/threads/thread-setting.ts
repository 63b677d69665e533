/** Conversation view on or off: a preference of this computer, off until turned on. */
const KEY = 'homing.conversations';

export const loadThreadSetting = (): boolean => {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
};

export const saveThreadSetting = (on: boolean): void => {
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // not remembered; still applies to this window
  }
};
