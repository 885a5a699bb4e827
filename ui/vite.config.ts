import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Tauri serves ui/dist from its own origin; the dev server must keep a fixed port so
// `tauri dev` (devUrl) finds it, and must not clear the terminal Tauri writes to.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
