// Builds everything the shells run: the UI (Vite) and the Node-side bundles (esbuild).
//   dist/renderer/            the UI (index.html, simulator.html, assets/)
//   dist/host/main.mjs        the device host
//   dist/platform/main.mjs    the local intake platform (+ its contract and demo data)
//   dist/browser-shell/main.mjs
//   dist/electron/main.cjs, preload.cjs
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--ui-only') ? 'ui' : 'all';

// Native modules and packages that load files relative to themselves stay outside the bundles.
const external = ['serialport', '@serialport/*', 'node-hid', 'better-sqlite3', '@napi-rs/canvas', '@napi-rs/*', 'bufferutil', 'utf-8-validate', 'electron', 'fsevents'];
// Bundled CommonJS dependencies call require(); give ESM bundles one.
const requireShim = "import { createRequire as __kioskCreateRequire } from 'node:module'; const require = __kioskCreateRequire(import.meta.url);";

const nodeBundle = (entry, outfile, extra = {}) =>
  esbuild({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: requireShim },
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
    ...extra,
  });

if (only !== 'ui') {
  const jobs = [
    nodeBundle('host/main.ts', 'dist/host/main.mjs'),
    nodeBundle('browser-shell/main.ts', 'dist/browser-shell/main.mjs'),
  ];
  if (existsSync(join(root, 'platform/main.ts'))) jobs.push(nodeBundle('platform/main.ts', 'dist/platform/main.mjs'));
  if (existsSync(join(root, 'electron/main.ts'))) {
    const electronBundle = (entry, outfile) =>
      esbuild({ entryPoints: [join(root, entry)], outfile: join(root, outfile), bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['electron'], sourcemap: 'linked', logLevel: 'warning' });
    jobs.push(electronBundle('electron/main.ts', 'dist/electron/main.cjs'));
    if (existsSync(join(root, 'electron/preload.ts'))) jobs.push(electronBundle('electron/preload.ts', 'dist/electron/preload.cjs'));
  }
  await Promise.all(jobs);
  // The platform reads its contract and demo data next to its code.
  for (const folder of ['contract', 'demo']) {
    const from = join(root, 'platform', folder);
    if (existsSync(from)) cpSync(from, join(root, 'dist/platform', folder), { recursive: true });
  }
}

if (only !== 'node') {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/BUILD_INFO.json'), JSON.stringify({ builtAt: new Date().toISOString() }) + '\n');
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
