import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// One renderer build for both hosts: Electron Forge's Vite plugin (entry `main_window`) and the
// browser host, which serves this same output folder.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../.vite/renderer/main_window',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
  worker: { format: 'es' },
});
