import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../../drivers/transport/byte-transport';
import { EscPosBuilder, EscPosPrinter, EscPosSimulator, HeldJobs, textOf } from '../../../../drivers/printer';
import type { PrintOutcome } from '../../../../drivers/printer';

async function rig(clock: { now: number }, maxAgeMs = 10 * 60_000) {
  const [host, device] = createMemoryTransportPair();
  await host.open();
  await device.open();
  const sim = new EscPosSimulator();
  sim.attach(device);
  const printer = new EscPosPrinter(host);
  const held = new HeldJobs(printer, { maxAgeMs, now: () => clock.now });
  return { sim, printer, held };
}

const receipt = (text: string): Uint8Array => new EscPosBuilder({ paperWidth: 80 }).init().line(text).cut().bytes();

describe('HeldJobs', () => {
  it('keeps a job that could not print and never prints it when paper is refilled', async () => {
    const clock = { now: Date.parse('2025-03-05T02:00:00Z') };
    const { sim, printer, held } = await rig(clock);
    sim.setPaper('out');
    const outcome = await held.submit('acceptance-receipt', receipt('林*雨的回执'));
    expect(outcome).toMatchObject({ printed: false, reason: 'paper-out' });
    expect(held.list()).toHaveLength(1);
    expect(held.list()[0]).toMatchObject({ kind: 'acceptance-receipt', createdAt: '2025-03-05T02:00:00.000Z', reason: 'paper-out' });

    // Staff refill the paper; the printer is polled and works again; time passes.
    sim.setPaper('ok');
    expect((await printer.queryStatus()).paperOut).toBe(false);
    clock.now += 60_000;
    expect(await printer.print(receipt('下一位市民'))).toEqual({ printed: true });
    expect(sim.printed.map(textOf)).toEqual(['下一位市民']);
    expect(held.list()).toHaveLength(1);
  });

  it('reprints only when asked, through the transaction, then forgets the job', async () => {
    const clock = { now: 0 };
    const { sim, held } = await rig(clock);
    sim.setCoverOpen(true);
    const outcome = await held.submit('queue-ticket', receipt('A023'));
    if (outcome.printed) throw new Error('expected a held job');
    // Still broken: stays held with the new reason.
    sim.setCoverOpen(false);
    sim.setPaper('out');
    expect(await held.reprint(outcome.heldId)).toMatchObject({ printed: false, reason: 'paper-out' });
    expect(held.get(outcome.heldId)?.reason).toBe('paper-out');
    sim.setPaper('ok');
    expect(await held.reprint(outcome.heldId)).toEqual({ printed: true });
    expect(sim.printed.map(textOf)).toEqual(['A023']);
    expect(held.list()).toEqual([]);
    expect(await held.reprint(outcome.heldId)).toMatchObject({ printed: false, reason: 'not-found' });
  });

  it('expires jobs after the configured age', async () => {
    const clock = { now: 1_000_000 };
    const { sim, held } = await rig(clock, 5 * 60_000);
    sim.setPaper('out');
    const first = await held.submit('acceptance-receipt', receipt('旧'));
    if (first.printed) throw new Error('expected a held job');
    clock.now += 5 * 60_000 + 1;
    sim.setPaper('ok');
    expect(await held.reprint(first.heldId)).toMatchObject({ printed: false, reason: 'expired' });
    expect(sim.printed).toEqual([]);
    held.hold('x', receipt('a'), 'offline');
    clock.now += 5 * 60_000 + 1;
    expect(held.size).toBe(0);
  });

  it('does not send the same job twice when reprint is pressed twice', async () => {
    let release: (o: PrintOutcome) => void = () => undefined;
    let calls = 0;
    const printer = {
      print: () => {
        calls += 1;
        return new Promise<PrintOutcome>((resolve) => (release = resolve));
      },
    };
    const held = new HeldJobs(printer);
    const job = held.hold('ticket', Uint8Array.of(1), 'paper-out');
    const first = held.reprint(job.id);
    expect(await held.reprint(job.id)).toMatchObject({ printed: false, reason: 'in-progress' });
    release({ printed: true });
    expect(await first).toEqual({ printed: true });
    expect(calls).toBe(1);
  });

  it('keeps at most maxJobs, dropping the oldest', () => {
    const held = new HeldJobs({ print: async () => ({ printed: true }) }, { maxJobs: 2 });
    const a = held.hold('a', Uint8Array.of(1), 'offline');
    held.hold('b', Uint8Array.of(2), 'offline');
    held.hold('c', Uint8Array.of(3), 'offline');
    expect(held.list().map((j) => j.kind)).toEqual(['b', 'c']);
    expect(held.get(a.id)).toBeUndefined();
  });
});
