/**
 * `kiosk-devices idcard read` against the SAM simulator served on a REAL virtual serial port
 * (socat pty pair), through the real `serialport` library on both sides.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS, SamSimulator } from '../../../drivers/idcard/index';
import type { SimulatedCard } from '../../../drivers/idcard/index';
import { serveSimulatorOnSerial } from '../../../drivers/node/simulator-host';
import type { ServedSimulator } from '../../../drivers/node/simulator-host';
import { SOCAT_MISSING_REASON, createVirtualSerialPair, socatAvailable } from '../../support/socat';
import type { VirtualSerialPair } from '../../support/socat';
import { runCli } from './cli-harness';

const hasSocat = socatAvailable();
if (!hasSocat) console.warn(SOCAT_MISSING_REASON);

function expectedJson(sim: SimulatedCard): Record<string, unknown> {
  return { ...sim.card, name: sim.card.name.trim(), photo: { format: 'wlt', length: 1024 } };
}

const byType = (type: string, version?: string): SimulatedCard => {
  const found = DEMO_CARDS.find((c) => c.card.cardType === type && (version === undefined || (c.card as { cardVersion?: string }).cardVersion === version));
  if (!found) throw new Error(`no demo card of type ${type} ${version ?? ''}`);
  return found;
};

describe.skipIf(!hasSocat)('kiosk-devices idcard read (socat + serialport)', () => {
  let pair: VirtualSerialPair;
  let sim: SamSimulator;
  let served: ServedSimulator;

  beforeAll(async () => {
    pair = await createVirtualSerialPair();
  });
  afterAll(async () => {
    await pair?.close();
  });
  beforeEach(async () => {
    sim = new SamSimulator();
    served = await serveSimulatorOnSerial(pair.b, sim, { baudRate: 115200 });
  });
  afterEach(async () => {
    await served.close();
  });

  const cases: [string, SimulatedCard][] = [
    ['resident', byType('resident')],
    ['hmt-residence', byType('hmt-residence')],
    ['foreign-permanent 2017', byType('foreign-permanent', '2017')],
    ['foreign-permanent 2023', byType('foreign-permanent', '2023')],
  ];
  it.each(cases)('reads a %s card with exactly the contract keys', async (_label, card) => {
    sim.placeCard(card);
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.lines).toHaveLength(1);
    const json = result.lines[0] as Record<string, unknown>;
    expect(json).toEqual(expectedJson(card));
    expect(Object.keys(json).sort()).toEqual(Object.keys(expectedJson(card)).sort());
  });

  it('reads every demo card', async () => {
    for (const card of DEMO_CARDS) {
      sim.placeCard(card);
      const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
      expect(result.code).toBe(0);
      expect(result.lines[0]).toEqual(expectedJson(card));
    }
  });

  it('answers no-card (exit 2) when no card comes before the timeout', async () => {
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '800']);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'no-card', message: expect.any(String) } }]);
  });

  it('reports sam-fault when the SAM fails its self-test', async () => {
    sim.placeCard(DEMO_CARDS[0]!);
    sim.setFault('no-sam');
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '3000']);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'sam-fault', message: expect.any(String) } }]);
  });

  it('recovers from a checksum error and from garbage bytes on the line', async () => {
    const card = DEMO_CARDS[0]!;
    sim.placeCard(card);
    sim.setFault('checksum-errors');
    let result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toEqual(expectedJson(card));

    sim.placeCard(card);
    sim.setFault('garbage');
    result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toEqual(expectedJson(card));
  });

  it('waits for slow replies', async () => {
    const card = byType('hmt-residence');
    sim.placeCard(card);
    sim.setFault({ kind: 'slow', delayMs: 400 });
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '6000']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toEqual(expectedJson(card));
  });

  it('answers timeout when the reader says nothing at all', async () => {
    sim.setFault('silent');
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '1500']);
    expect(result.code).toBe(2);
    expect((result.lines[0] as { error: { code: string } }).error.code).toBe('timeout');
  });

  it('never puts personal data on stderr', async () => {
    const card = DEMO_CARDS[1]!;
    sim.placeCard(card);
    const result = await runCli(['idcard', 'read', '--port', pair.a, '--timeout-ms', '5000']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(card.card.name);
    expect(result.stderr).not.toContain(card.card.idNumber);
  });
});

describe('kiosk-devices idcard read without a device', () => {
  it('answers port-unavailable for a path that does not exist', async () => {
    const result = await runCli(['idcard', 'read', '--port', '/dev/does-not-exist-kiosk', '--timeout-ms', '1000']);
    expect(result.code).toBe(2);
    expect(result.lines).toEqual([{ error: { code: 'port-unavailable', message: expect.any(String) } }]);
  });
});
