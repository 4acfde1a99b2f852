/** Usage errors and help of `kiosk-devices`: exit 1, message on stderr, NOTHING on stdout. */
import { describe, expect, it } from 'vitest';
import { run } from '../../../drivers/node/cli/main';
import { runCli } from './cli-harness';

async function inProcess(argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

describe('kiosk-devices usage errors (spawned)', () => {
  it.each([
    [[]],
    [['frobnicate']],
    [['idcard']],
    [['idcard', 'write', '--port', '/dev/null']],
    [['idcard', 'read']],
    [['idcard', 'read', '--port', '/dev/ttyX', '--timeout-ms', 'abc']],
    [['printer', 'test', '--port', '/dev/ttyX', '--width', '70']],
    [['printer', 'test', '--port', '/dev/ttyX', '--template', 'invoice']],
    [['scanner', 'listen', '--port', '/dev/ttyX', '--colour', 'red']],
  ])('%j → exit 1, stderr message, empty stdout', async (argv) => {
    const result = await runCli(argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.length).toBeGreaterThan(10);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kiosk-devices idcard read');
    expect(result.stdout).toContain('"guessedRole"');
    expect(result.stderr).toBe('');
  });
});

describe('kiosk-devices usage errors (in process)', () => {
  it.each([
    [['idcard', 'read', '--port', '/dev/x', '--baud', '12345'], /--baud must be one of/],
    [['idcard', 'read', '--port', '/dev/x', '--baud']],
    [['idcard', 'read', '--port', '/dev/x', '--timeout-ms', '-5']],
    [['idcard', 'read', '--port', '/dev/x', '--timeout-ms', '0']],
    [['idcard', 'read', '--port', '/dev/x', '--timeout-ms=1.5']],
    [['idcard', 'read', '--port', '/dev/x', '--port', '/dev/y']],
    [['idcard', 'read', '--port', '/dev/x', 'extra']],
    [['idcard', 'read', '--port', 'tcp://127.0.0.1:9100'], /tcp connection/],
    [['scanner', 'listen', '--port', '/dev/x', '--count', '0']],
    [['printer', 'status', '--port', 'tcp://nohost']],
    [['printer', 'status', '--port', 'tcp://127.0.0.1:99999']],
    [['printer', 'explode', '--port', '/dev/x']],
    [['list', '--port', '/dev/x']],
  ])('%j → 1', async (argv, message?: RegExp) => {
    const result = await inProcess(argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    if (message) expect(result.stderr.join('\n')).toMatch(message);
  });

  it('accepts --flag=value and serial:PATH?baud=', async () => {
    const result = await inProcess(['idcard', 'read', '--port=serial:/dev/does-not-exist-kiosk?baud=9600', '--timeout-ms=100']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout[0]!)).toEqual({ error: { code: 'port-unavailable', message: expect.any(String) } });
  });

  it('list prints serial and hid arrays', async () => {
    const result = await inProcess(['list']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout[0]!) as { serial: unknown[]; hid: unknown[] };
    expect(Array.isArray(listing.serial)).toBe(true);
    expect(Array.isArray(listing.hid)).toBe(true);
  });
});
