/**
 * Finding and launching system Chromium as the kiosk's screen. Flags follow kiosk practice:
 * full-screen app window, no pinch zoom or swipe navigation, no first-run or background
 * networking, no crash bubbles, and a fresh profile each launch (nothing of yesterday's sessions).
 */
import { accessSync, constants, rmSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge'];

export function findChromium(configured: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  if (configured) return isExecutable(configured) ? configured : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of CANDIDATES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function chromiumKioskArgs(options: { url: string; profileDir: string; runningAsRoot: boolean; headless?: boolean }): string[] {
  const args = [
    options.headless ? '--headless=new' : '--kiosk',
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=TranslateUI,Translate,MediaRouter',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-infobars',
    '--autoplay-policy=no-user-gesture-required',
    '--password-store=basic',
    '--check-for-update-interval=31536000',
  ];
  // Chromium refuses to run as root with its sandbox. A kiosk should not run as root; development
  // machines and CI containers do, so say so rather than fail.
  if (options.runningAsRoot) args.push('--no-sandbox');
  return args;
}

/** A fresh, empty profile directory under the app's data directory. */
export function freshProfileDir(dataDir: string): string {
  const dir = join(dataDir, 'browser-profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
