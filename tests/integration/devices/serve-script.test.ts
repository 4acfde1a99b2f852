/** The technician's simulator script, drivers/node/simulators/serve.ts, driven as a child process. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../../drivers/idcard/index';
import { SOCAT_MISSING_REASON, createVirtualSerialPair, socatAvailable } from '../../support/socat';
import type { VirtualSerialPair } from '../../support/socat';
import { REPO_ROOT, runCli } from './cli-harness';

const hasSocat = socatAvailable();
if (!hasSocat) console.warn(SOCAT_MISSING_REASON);

function serve(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'drivers/node/simulators/serve.ts', ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    next: (): Promise<unknown> => new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve))).then((l) => JSON.parse(l) as unknown),
    send: (command: unknown) => child.stdin.write(`${JSON.stringify(command)}\n`),
    stop: async () => {
      child.stdin.end();
      return exited;
    },
  };
}

describe.skipIf(!hasSocat)('serve.ts on a socat pair', () => {
  let pair: VirtualSerialPair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('serves the ID card simulator with a card placed, and takes stdin commands', async () => {
    pair = await createVirtualSerialPair();
    const sim = serve(['--device', 'idcard', '--port', pair.b, '--card', '4']);
    expect(await sim.next()).toEqual({ serving: { device: 'idcard', port: pair.b } });
    let result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ cardType: DEMO_CARDS[4]!.card.cardType, idNumber: DEMO_CARDS[4]!.card.idNumber });
    sim.send({ fault: 'no-sam' });
    expect(await sim.next()).toEqual({ ok: true });
    result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '2000']);
    expect(result.lines[0]).toMatchObject({ error: { code: 'sam-fault' } });
    expect(await sim.stop()).toBe(0);
  });
});

describe('serve.ts on TCP', () => {
  it('serves a printer with paper out on an ephemeral port', async () => {
    const sim = serve(['--device', 'printer', '--tcp', '0', '--fault', 'paper-out']);
    const ready = (await sim.next()) as { serving: { tcp: number } };
    expect(ready.serving.tcp).toBeGreaterThan(0);
    let result = await runCli(['printer', 'test', '--port', `tcp://127.0.0.1:${ready.serving.tcp}`]);
    expect(result.lines).toEqual([{ error: { code: 'paper-out', message: expect.any(String) } }]);
    sim.send({ paper: 'ok' });
    expect(await sim.next()).toEqual({ ok: true });
    result = await runCli(['printer', 'status', '--port', `tcp://127.0.0.1:${ready.serving.tcp}`]);
    expect(result.lines).toEqual([{ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: false }]);
    expect(await sim.stop()).toBe(0);
  });
});
