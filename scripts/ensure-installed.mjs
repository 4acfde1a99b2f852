// Makes `npm start` and `npm test` work on a fresh clone: installs npm dependencies (npm ci) when
// they are missing or older than the lock file. Uses only Node built-ins, since nothing else is
// installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function ensureInstalled() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  console.log('[setup] installing dependencies with npm ci (first run, a few minutes)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('[setup] npm ci failed; see the messages above.');
    process.exit(1);
  }
}
