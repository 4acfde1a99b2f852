/** `kiosk-devices scanner listen` against the scanner simulator on a real socat serial port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScannerSimulator } from '../../../drivers/scanner/index';
import { serveSimulatorOnSerial } from '../../../drivers/node/simulator-host';
import type { ServedSimulator } from '../../../drivers/node/simulator-host';
import { SOCAT_MISSING_REASON, createVirtualSerialPair, socatAvailable } from '../../support/socat';
import type { VirtualSerialPair } from '../../support/socat';
import { startCli } from './cli-harness';
import { waitUntilProcessOpens } from '../../support/process-fds';

const hasSocat = socatAvailable();
if (!hasSocat) console.warn(SOCAT_MISSING_REASON);

describe.skipIf(!hasSocat)('kiosk-devices scanner listen (socat + serialport)', () => {
  let pair: VirtualSerialPair;
  let sim: ScannerSimulator;
  let served: ServedSimulator;

  beforeAll(async () => {
    pair = await createVirtualSerialPair();
    sim = new ScannerSimulator();
    served = await serveSimulatorOnSerial(pair.b, sim);
  });
  afterAll(async () => {
    await served?.close();
    await pair?.close();
  });

  it('prints one JSON line per scan (UTF-8 and GB18030) and exits 0 after --count', async () => {
    const cli = startCli(['scanner', 'listen', '--port', pair.a, '--count', '2', '--timeout-ms', '10000']);
    await waitUntilProcessOpens(cli.pid, pair.a);
    await sim.scan('https://zwfw.example.gov.cn/q?申请=123', { encoding: 'utf-8' });
    const first = JSON.parse(await cli.nextLine()) as Record<string, unknown>;
    expect(first).toEqual({ text: 'https://zwfw.example.gov.cn/q?申请=123', encoding: 'utf-8', kind: 'text' });
    await sim.scan('广州市天河区政务服务中心', { encoding: 'gb18030' });
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([first, { text: '广州市天河区政务服务中心', encoding: 'gb18030', kind: 'text' }]);
  });

  it('classifies a business licence code and adds the uscc', async () => {
    const cli = startCli(['scanner', 'listen', '--port', pair.a, '--count', '1', '--timeout-ms', '10000']);
    await waitUntilProcessOpens(cli.pid, pair.a);
    await sim.scan('91350100M000100Y43');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([{ text: '91350100M000100Y43', encoding: 'utf-8', kind: 'licence', uscc: '91350100M000100Y43' }]);
  });

  it('prints the scans received, then error timeout (exit 2), when fewer than --count arrive', async () => {
    const cli = startCli(['scanner', 'listen', '--port', pair.a, '--count', '3', '--timeout-ms', '1500']);
    await waitUntilProcessOpens(cli.pid, pair.a);
    await sim.scan('HELLO-KIOSK');
    const result = await cli.done;
    expect(result.code).toBe(2);
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0]).toMatchObject({ text: 'HELLO-KIOSK', encoding: 'utf-8' });
    expect(result.lines[1]).toEqual({ error: { code: 'timeout', message: expect.any(String) } });
  });

  it('without --count, --timeout-ms ends listening with exit 0', async () => {
    const cli = startCli(['scanner', 'listen', '--port', pair.a, '--timeout-ms', '300']);
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });
});
