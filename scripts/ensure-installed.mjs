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

/**
 * The system packages the kiosk needs on Debian-family systems (UOS, Kylin, Debian): Chromium for
 * the browser shell and CJK fonts. Installed with apt-get when running as root; otherwise the
 * command to run is printed.
 */
export function ensureSystemPackages({ needBrowser }) {
  if (process.platform !== 'linux') return;
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const missing = [];
  if (needBrowser && !process.env.KIOSK_BROWSER && !['chromium', 'chromium-browser', 'google-chrome'].some(has)) missing.push('chromium');
  if (!existsSync('/usr/share/fonts/opentype/noto') && !existsSync('/usr/share/fonts/truetype/noto')) missing.push('fonts-noto-cjk');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    console.log(`[setup] missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    return;
  }
  console.log(`[setup] installing system packages: ${missing.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) console.log('[setup] could not install them; the kiosk will say what is missing.');
}
