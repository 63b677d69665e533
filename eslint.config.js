import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.vite/', 'dist/', 'out/', 'coverage/', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'simple-import-sort': simpleImportSort, 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // Only the thin Electron adapter may touch Electron, and only its ipc module touches IPC
    // (STYLE.md habits 2 and the ARCHITECTURE rule that the engine runs in plain Node).
    files: ['electron/engine/**', 'electron/contract/**', 'electron/host/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main.ts, electron/preload.ts and electron/app/ may import electron.' }] },
      ],
    },
  },
  {
    files: ['electron/app/**', 'electron/main.ts'],
    ignores: ['electron/app/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'Only electron/app/ipc.ts touches ipcMain.' },
        { selector: "MemberExpression[object.name='ipcRenderer']", message: 'Only electron/preload.ts touches ipcRenderer.' },
        { selector: "MemberExpression[property.name='send'][object.property.name='webContents']", message: 'Only electron/app/ipc.ts sends to renderers.' },
      ],
    },
  },
  {
    // The renderer may take only types from the contract: never engine code, never Node.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports electron; use renderer/api.' }],
          patterns: [
            { group: ['**/electron/engine/**', '**/electron/app/**', '**/electron/host/**'], message: 'The renderer talks to the engine only through renderer/api.' },
            { group: ['node:*'], message: 'The renderer runs in Chromium, not Node.' },
          ],
        },
      ],
    },
  },
);
