// `npm start`: sets up what is missing, builds if the sources changed, and runs the kiosk —
// the Electron shell when its binary is present, otherwise the browser shell in system Chromium.
// Extra arguments go to the shell, e.g. `npm start -- --no-browser`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, ensureSystemPackages } from './ensure-installed.mjs';

const args = process.argv.slice(2);
ensureInstalled();
ensureSystemPackages({ needBrowser: !args.includes('--no-browser') });

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const sources = ['common', 'drivers', 'host', 'platform', 'renderer', 'browser-shell', 'electron', 'resources', 'package.json', 'vite.config.ts'];
const builtAt = existsSync('dist/BUILD_INFO.json') ? statSync('dist/BUILD_INFO.json').mtimeMs : 0;
if (Math.max(...sources.map(newestMtime)) > builtAt) {
  console.log('[kiosk] building (the sources changed since the last build)…');
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const electronBinary = ['dist/electron', 'dist/electron.exe', 'dist/Electron.app/Contents/MacOS/Electron']
  .map((p) => join('node_modules', 'electron', p))
  .find((p) => existsSync(p) && statSync(p).isFile());

let child;
if (electronBinary && !args.includes('--browser')) {
  console.log(`[kiosk] starting the Electron shell (Electron binary found at ${electronBinary})`);
  child = spawn(electronBinary, ['.', ...args], { stdio: 'inherit' });
} else {
  console.log(
    electronBinary
      ? '[kiosk] starting the browser shell (--browser given)'
      : "[kiosk] starting the browser shell: Electron's binary is not installed (it is not downloadable on this machine), so the kiosk runs in system Chromium",
  );
  child = spawn(process.execPath, ['dist/browser-shell/main.mjs', ...args.filter((a) => a !== '--browser')], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
