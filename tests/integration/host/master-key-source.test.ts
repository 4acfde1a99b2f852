/**
 * The device host process and where its outbox master key comes from (host/main.ts): from Electron
 * main over the parentPort (KIOSK_MASTER_KEY_SOURCE=parent, no key file), or refused when main
 * passed on a refusal. Runs host/main.ts with tsx; a preload gives it a fake parentPort.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The files in <dataDir>/host/outbox afterwards. */
  outboxFiles: string[];
}

/** Starts the host; stops it (SIGTERM) once it reports ready, or lets it exit on its own. */
function runHost(env: Record<string, string>, options: { fakeParentPort?: boolean } = {}): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'host-key-'));
  dirs.push(dataDir);
  const args = ['--import', 'tsx', ...(options.fakeParentPort ? ['--import', join(ROOT, 'tests/integration/host/fixtures/fake-parent-port.mjs')] : []), join(ROOT, 'host/main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, KIOSK_DATA_DIR: dataDir, KIOSK_HOST_PORT: '0', KIOSK_HEARTBEAT_SECONDS: '3600', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('"host-ready"')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const outbox = join(dataDir, 'host', 'outbox');
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr, outboxFiles: existsSync(outbox) ? readdirSync(outbox) : [] })));
}

describe('the device host and its master-key source', () => {
  it('opens the outbox with the key Electron main posts on the parentPort, and makes no key file', async () => {
    const key = randomBytes(32).toString('base64');
    const run = await runHost({ KIOSK_SHELL: 'electron', KIOSK_MASTER_KEY_SOURCE: 'parent', TEST_PARENT_MASTER_KEY: key }, { fakeParentPort: true });
    expect(run.stdout).toContain('"host-ready"');
    expect(run.stderr).toMatch(/"message":"outbox journal open".*"masterKey":"safe-storage"/);
    expect(run.stderr).not.toContain(key);
    expect(run.outboxFiles).toContain('journal.jsonl');
    expect(run.outboxFiles).not.toContain('master.key');
  });

  it('exits with a clear message when it should get the key from a parent but has none', async () => {
    const run = await runHost({ KIOSK_SHELL: 'electron', KIOSK_MASTER_KEY_SOURCE: 'parent' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/KIOSK_MASTER_KEY_SOURCE=parent outside an Electron utilityProcess/);
    expect(run.outboxFiles).not.toContain('master.key');
  });

  it('refuses to start when Electron main refused the key store, and says why', async () => {
    const run = await runHost({ KIOSK_SHELL: 'electron', KIOSK_KEY_STORE_REFUSED: 'unsafe-backend', KIOSK_SAFE_STORAGE_BACKEND: 'basic_text' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('"host-ready"');
    expect(run.stderr).toMatch(/KeyStoreRefusedError: The outbox key store refuses to run: Electron safeStorage uses the "basic_text" backend/);
    expect(run.outboxFiles).not.toContain('master.key');
  });
});
