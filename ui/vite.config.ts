import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The app runs with Tauri's `freezePrototype`, which freezes Object.prototype. dayjs (needed by
 * @mantine/dates) then fails at load: it *assigns* `toString` and `valueOf` on its prototype,
 * and assigning a property that a frozen prototype already has throws in strict mode (the
 * "override mistake"). Rewriting those assignments as definitions keeps the freeze and dayjs.
 * The dashboard chart's libraries (d3-color, d3-format and decimal.js-light, under recharts)
 * do the same with `toString`, `valueOf` and `constructor`: there each such statement first
 * defines the property as an own, writable one of its target, and then runs as written.
 */
function definePrototypeMethods(): Plugin {
  const assignment = /(\w+)\.(toString|valueOf|toLocaleString)=function\(\)\{([^{}]*)\}/g;
  const chartLibrary = /\/node_modules\/(d3-color|d3-format|decimal\.js-light)\//;
  // `P.toString = P.valueOf = …`, `x.constructor = Decimal`, at the start of a statement.
  const shadowing =
    /^(\s*)([\w$.]+)\.(toString|valueOf|constructor) = (?:\2\.(toString|valueOf) = )?/gm;
  const own = (target: string, name: string) =>
    `Object.defineProperty(${target}, "${name}", { writable: true, configurable: true }); `;
  return {
    name: 'quotla:define-prototype-methods',
    enforce: 'pre',
    transform(code, id) {
      if (chartLibrary.test(id)) {
        const rewritten = code.replace(
          shadowing,
          (statement, indent: string, target: string, first: string, second?: string) =>
            indent +
            own(target, first) +
            (second ? own(target, second) : '') +
            statement.slice(indent.length),
        );
        return rewritten === code ? null : { code: rewritten, map: null };
      }
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
    // The packages the transform above rewrites, and those that load them, go through it as in
    // the app bundle: the tests freeze Object.prototype like the app does. recharts' ES build,
    // as bundled, imports them through Vite; its CommonJS one would require them untouched.
    alias: [{ find: /^recharts$/, replacement: 'recharts/es6/index.js' }],
    server: {
      deps: {
        inline: [
          /dayjs/,
          /@mantine\/dates/,
          /@mantine\/charts/,
          /recharts/,
          /victory-vendor/,
          /d3-/,
          /decimal\.js-light/,
        ],
      },
    },
  },
});
