import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// The UI is built once and served from app:// (Electron) or the host's loopback server (browser
// shell). Absolute asset paths resolve under both origins (app://kiosk/assets/…, http://127.0.0.1:PORT/assets/…).
export default defineConfig({
  root: resolve(here, 'renderer'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    rollupOptions: {
      input: {
        index: resolve(here, 'renderer/index.html'),
        simulator: resolve(here, 'renderer/simulator.html'),
      },
    },
  },
});
