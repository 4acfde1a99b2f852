import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'platform/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

function exit(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.on('close', (code) => reject(new Error(`exited with ${code}`)));
  });
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'platform-cli-'));
  dirs.push(d);
  return d;
}

describe('npm run platform', () => {
  it('prints exactly "listening on http://127.0.0.1:PORT", serves, and stops on SIGTERM', async () => {
    const child = run([
      '--port', '0', '--data-dir', tempDir(), '--enrollment-code', 'CLI-CODE-1', '--enrollment-code', 'CLI-CODE-2',
      '--hall', join(FIXTURES, 'hall.json'), '--catalog', join(FIXTURES, 'catalog.json'), '--appointments', join(FIXTURES, 'appointments.json'),
    ], { PLATFORM_FAULT_RATE: '0' });
    const done = exit(child);
    const line = await firstLine(child);
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const r = await fetch(`${url}/api/v1/terminals/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrollmentCode: 'CLI-CODE-2', hardwareId: 'cli-hw', model: 'M', appVersion: '1' }),
    });
    expect(r.status).toBe(201);
    child.kill('SIGTERM');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    // The request log has method, path, status and duration, nothing from the body.
    expect(stderr).toMatch(/POST \/api\/v1\/terminals\/enroll 201 \d+ms/);
    expect(stderr).not.toContain('cli-hw');
  });

  it('usage errors go to stderr with exit 1', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--data-dir', '/tmp/x', '--enrollment-code', 'C'], {}, /--port is required/],
      [['--port', '0', '--data-dir', '/tmp/x'], {}, /enrollment-code/],
      [['--port', 'abc', '--data-dir', '/tmp/x', '--enrollment-code', 'C'], {}, /--port/],
      [['--port', '0', '--data-dir', '/tmp/x', '--enrollment-code', 'C', '--fault-rate', '0.5', '--fault-kinds', 'meteor'], {}, /unknown fault kind/],
      [['--port', '0', '--data-dir', '/tmp/x', '--enrollment-code', 'C'], { PLATFORM_FAULT_RATE: '2' }, /PLATFORM_FAULT_RATE/],
      [['--bogus'], {}, /unknown option/],
    ];
    const results = await Promise.all(cases.map(([args, env]) => exit(run(args, env))));
    results.forEach((r, i) => {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(cases[i]![2]);
    });
  });
});
