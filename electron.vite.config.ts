import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Builds the Electron shell (main/electron), the sandboxed preload (CommonJS: a sandboxed
// preload cannot be an ES module) and the React renderer. Runs without the Electron binary.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // The capture's reader thread is an entry of its own, beside index.js (main/recording/reader-thread.ts).
      rollupOptions: { input: { index: resolve(__dirname, 'main/electron/main.ts'), 'capture-reader': resolve(__dirname, 'main/recording/capture-reader.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads may only require a few Electron modules: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
