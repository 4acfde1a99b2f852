/** `kiosk-devices printer status|test` against the ESC/POS simulator on a socat serial port and on TCP. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EscPosSimulator } from '../../../drivers/printer/index';
import { serveSimulatorOnSerial, serveSimulatorOnTcp } from '../../../drivers/node/simulator-host';
import type { ServedSimulator, TcpServedSimulator } from '../../../drivers/node/simulator-host';
import { SOCAT_MISSING_REASON, createVirtualSerialPair, socatAvailable } from '../../support/socat';
import type { VirtualSerialPair } from '../../support/socat';
import { runCli } from './cli-harness';

const hasSocat = socatAvailable();
if (!hasSocat) console.warn(SOCAT_MISSING_REASON);

const NORMAL = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, error: false };

describe.skipIf(!hasSocat)('kiosk-devices printer (socat + serialport)', () => {
  let pair: VirtualSerialPair;
  let sim: EscPosSimulator;
  let served: ServedSimulator;

  // A fresh port pair for every test: bytes one test left in the pty (the tail of a job the
  // printer had not read yet) would otherwise reach the next test's printer mid-command.
  beforeEach(async () => {
    pair = await createVirtualSerialPair();
    sim = new EscPosSimulator({ paperWidth: 80 });
    served = await serveSimulatorOnSerial(pair.b, sim);
  });
  afterEach(async () => {
    await served.close();
    await pair.close();
  });

  it('status: a normal printer', async () => {
    const result = await runCli(['printer', 'status', '--port', pair.a]);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([NORMAL]);
  });

  it('status: paper out, cover open, paper near end', async () => {
    sim.setPaper('out');
    let result = await runCli(['printer', 'status', '--port', pair.a]);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ paperOut: true, coverOpen: false });

    sim.setPaper('ok');
    sim.setCoverOpen(true);
    result = await runCli(['printer', 'status', '--port', pair.a]);
    expect(result.lines[0]).toMatchObject({ coverOpen: true, paperOut: false });

    sim.setCoverOpen(false);
    sim.setPaper('near-end');
    result = await runCli(['printer', 'status', '--port', pair.a]);
    expect(result.lines).toEqual([{ ...NORMAL, paperNearEnd: true }]);
  });

  it('status: a printer that does not answer is offline (exit 2)', async () => {
    sim.setOffline(true);
    const result = await runCli(['printer', 'status', '--port', pair.a]);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'offline', message: expect.any(String) } }]);
  });

  it.each(['receipt', 'notice', 'ticket', 'test'] as const)('test: prints the %s template', async (template) => {
    const printed: unknown[] = [];
    sim.onPrinted((doc) => printed.push(doc));
    const result = await runCli(['printer', 'test', '--port', pair.a, '--template', template]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([{ printed: true, template, width: 80, bytes: expect.any(Number) }]);
    expect((result.lines[0] as { bytes: number }).bytes).toBeGreaterThan(100);
    expect(printed).toHaveLength(1);
  });

  it('test: 58 mm', async () => {
    const result = await runCli(['printer', 'test', '--port', pair.a, '--width', '58']);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([{ printed: true, template: 'test', width: 58, bytes: expect.any(Number) }]);
  });

  it('test: refuses with paper-out and prints nothing', async () => {
    const printed: unknown[] = [];
    sim.onPrinted((doc) => printed.push(doc));
    sim.setPaper('out');
    const result = await runCli(['printer', 'test', '--port', pair.a, '--template', 'receipt']);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'paper-out', message: expect.any(String) } }]);
    expect(printed).toHaveLength(0);
    expect(sim.printed).toHaveLength(0);
  });

  it('test: refuses with cover-open and prints nothing', async () => {
    sim.setCoverOpen(true);
    const result = await runCli(['printer', 'test', '--port', pair.a]);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'cover-open', message: expect.any(String) } }]);
    expect(sim.printed).toHaveLength(0);
  });
});

describe('kiosk-devices printer over TCP', () => {
  let sim: EscPosSimulator;
  let served: TcpServedSimulator;

  beforeAll(async () => {
    sim = new EscPosSimulator({ paperWidth: 58 });
    served = await serveSimulatorOnTcp(0, sim);
  });
  afterAll(async () => {
    await served?.close();
  });

  it('status and test via tcp://127.0.0.1:PORT', async () => {
    let result = await runCli(['printer', 'status', '--port', `tcp://127.0.0.1:${served.port}`]);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([NORMAL]);
    result = await runCli(['printer', 'test', '--port', `tcp://127.0.0.1:${served.port}`, '--template', 'ticket', '--width', '58']);
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([{ printed: true, template: 'ticket', width: 58, bytes: expect.any(Number) }]);
    expect(sim.printed).toHaveLength(1);
  });

  it('port-unavailable when nothing listens', async () => {
    const probe = await serveSimulatorOnTcp(0, sim);
    const port = probe.port;
    await probe.close();
    const result = await runCli(['printer', 'status', '--port', `tcp://127.0.0.1:${port}`]);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'port-unavailable', message: expect.any(String) } }]);
  });

  it('port-unavailable for a missing serial path', async () => {
    const result = await runCli(['printer', 'test', '--port', '/dev/does-not-exist-printer']);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'port-unavailable', message: expect.any(String) } }]);
  });
});
