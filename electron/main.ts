// Electron's main-process entry (bundled by Forge's Vite plugin to .vite/build/main.js, an ES
// module since package.json has "type": "module"). Everything lives in app/; this file only says
// where the bundle is, since preload.js and the renderer are found next to it.
import { moduleDir } from './app/app-location';
import { startApp } from './app/start-app';

startApp(moduleDir(import.meta.url));
