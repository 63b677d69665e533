/** Light, dark, or follow the system (the default): a preference of this computer. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'homing.theme';

export const loadTheme = (): ThemeChoice => {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
};

/** theme.css reads `data-theme` on <html>; without it, prefers-color-scheme decides. */
export const applyTheme = (choice: ThemeChoice): void => {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // not remembered; still applied
  }
};
