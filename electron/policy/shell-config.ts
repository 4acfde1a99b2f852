/**
 * Where the shell's files are and what it hands the device host. Main needs only the data directory
 * (KIOSK_DATA_DIR, else Electron's userData) and the paths of the built bundles; everything else
 * about configuration is the host's (host/config), which reads it from the environment passed here.
 * DevTools are never enabled in this shell (debug the UI in the browser shell instead). Pure.
 */
import path from 'node:path';

export interface ShellPaths {
  preload: string;
  rendererRoot: string;
  hostEntry: string;
  /** The local intake platform, started beside the kiosk in the embedded default. */
  platformEntry: string;
}

/** Paths of the build output under the app directory (app.getAppPath(): the repo, or the asar root). */
export function shellPaths(appPath: string): ShellPaths {
  return {
    preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
    rendererRoot: path.join(appPath, 'dist', 'renderer'),
    hostEntry: path.join(appPath, 'dist', 'host', 'main.mjs'),
    platformEntry: path.join(appPath, 'dist', 'platform', 'main.mjs'),
  };
}

export function resolveDataDir(env: Readonly<Record<string, string | undefined>>, userDataPath: string): string {
  const fromEnv = env.KIOSK_DATA_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : userDataPath;
}

/** Variables that would let someone attach to or reconfigure the Node inside the host. */
const STRIPPED = ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'NODE_INSPECT_RESUME_ON_START', 'ELECTRON_ENABLE_LOGGING'];

/** The environment of the host utilityProcess: ours, minus debugging hooks, plus the data directory. */
export function hostEnvironment(env: Readonly<Record<string, string | undefined>>, dataDir: string, packaged: boolean, rendererRoot?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !STRIPPED.includes(key)) out[key] = value;
  }
  out.KIOSK_DATA_DIR = dataDir;
  out.KIOSK_SHELL = 'electron';
  // The host serves the simulator panel page from the built UI (the kiosk page itself comes from app://).
  if (rendererRoot) out.KIOSK_UI_DIR = rendererRoot;
  if (packaged) out.NODE_ENV = 'production';
  return out;
}
