// Globals that @electron-forge/plugin-vite substitutes into the main build (vite `define`), one
// pair per renderer entry in forge.config.ts. Under `electron-forge start` the URL is the renderer's
// dev server; in a packaged build it is undefined and the renderer is loaded from disk.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;
