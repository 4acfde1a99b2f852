/**
 * What a shell tells the device host when it starts it, beyond the kiosk configuration: which
 * shell, where the loopback server listens and its per-launch secret, the embedded platform, and
 * where the outbox master key comes from.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KEY_STORE_REFUSALS } from './outbox/master-key';

const schema = z.object({
  KIOSK_SHELL: z.enum(['browser', 'electron', 'headless']).default('headless'),
  KIOSK_HOST_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /**
   * Per-launch secret every WebSocket client must present; at least 128 bits as hex. The browser
   * shell sets it (the page needs it). Without it the host makes its own, so the WebSocket still
   * exists but only the simulator panel address the host prints can use it (Electron shell).
   */
  KIOSK_HOST_TOKEN: z
    .string()
    .regex(/^[0-9a-f]{32,128}$/, 'expected 32–128 lower-case hex characters')
    .default(() => randomBytes(32).toString('hex')),
  /** The built UI, served on the loopback server in the browser shell. */
  KIOSK_UI_DIR: z.string().optional(),
  /** Set by the shell when it started the embedded platform. */
  KIOSK_EMBEDDED_PLATFORM_URL: z.string().url().optional(),
  KIOSK_ENROLLMENT_CODE: z.string().min(6).max(64).optional(),
  KIOSK_APP_VERSION: z.string().default('0.0.0-dev'),
  KIOSK_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /**
   * Where the outbox master key comes from: `file` (browser shell, headless: a 0600 file), or
   * `parent` (Electron: main sends it, sealed at rest by safeStorage, over the parentPort).
   */
  KIOSK_MASTER_KEY_SOURCE: z.enum(['file', 'parent']).default('file'),
  /** Set by Electron main when it refused the key store: the host refuses to start and says why. */
  KIOSK_KEY_STORE_REFUSED: z.enum(KEY_STORE_REFUSALS).optional(),
  /** Electron safeStorage's backend on Linux, as main found it. */
  KIOSK_SAFE_STORAGE_BACKEND: z.string().max(64).optional(),
});

export type LaunchParameters = z.infer<typeof schema>;

export function readLaunchParameters(env: NodeJS.ProcessEnv): LaunchParameters {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The device host was started with bad launch parameters (set by the shell):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
