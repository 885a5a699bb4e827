import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The app runs with Tauri's `freezePrototype`, which freezes Object.prototype. dayjs (needed by
 * @mantine/dates) then fails at load: it *assigns* `toString` and `valueOf` on its prototype,
 * and assigning a property that a frozen prototype already has throws in strict mode (the
 * "override mistake"). Rewriting those assignments as definitions keeps the freeze and dayjs.
 */
function definePrototypeMethods(): Plugin {
  const assignment = /(\w+)\.(toString|valueOf|toLocaleString)=function\(\)\{([^{}]*)\}/g;
  return {
    name: 'quotla:define-prototype-methods',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/node_modules/dayjs/')) return null;
      const rewritten = code.replace(
        assignment,
        (_, target: string, method: string, body: string) =>
          `Object.defineProperty(${target},"${method}",{value:function(){${body}},writable:!0,configurable:!0})`,
      );
      return rewritten === code ? null : { code: rewritten, map: null };
    },
  };
}

// Tauri serves ui/dist from its own origin; the dev server keeps a fixed port for `tauri dev`
// (devUrl) and does not clear the terminal Tauri writes to. It may read the help articles
// in docs/help, which the app bundles, and nothing else outside ui/.
export default defineConfig({
  plugins: [definePrototypeMethods(), react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, fs: { allow: ['.', '../docs/help'] } },
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
    // dayjs, and @mantine/dates which loads it, go through the transform above as in the app
    // bundle: the tests freeze Object.prototype like the app does.
    server: { deps: { inline: [/dayjs/, /@mantine\/dates/] } },
  },
});
