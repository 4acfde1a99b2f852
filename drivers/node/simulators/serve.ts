/**
 * Serves a device simulator on a real port, for technicians (try the kiosk or the CLI without
 * hardware) and for tests:
 *
 *   node --import tsx drivers/node/simulators/serve.ts --device idcard|scanner|printer
 *        (--port PATH [--baud 115200] | --tcp PORT) [--fault F] [--card N] [--width 80|58]
 *
 * Pair it with socat: `socat -d -d pty,raw,echo=0,link=/tmp/kiosk pty,raw,echo=0,link=/tmp/device`,
 * serve on /tmp/device, point the kiosk or `kiosk-devices … --port /tmp/kiosk` at the other end.
 *
 * Faults: idcard — no-sam, checksum-errors, garbage, slow:MS, remove-mid-read, silent, truncated;
 *         printer — paper-out, paper-near-end, cover-open, offline.
 * --card N places DEMO_CARDS[N] on the simulated reader at start.
 *
 * Prints one line {"serving":{"device","port"|"tcp"}} on stdout when ready, then reads commands, one
 * JSON object per line on stdin, and answers {"ok":true} or {"error":"…"}:
 *   {"placeCard":N}  {"removeCard":true}  {"fault":"garbage"|null}            (idcard)
 *   {"scan":"text","encoding":"utf-8"|"gb18030"|"latin1"}                     (scanner)
 *   {"paper":"ok"|"near-end"|"out"}  {"coverOpen":true}  {"offline":false}    (printer)
 * Ends on stdin EOF, SIGINT or SIGTERM.
 */
import { createInterface } from 'node:readline';
import { DEMO_CARDS, SamSimulator } from '../../idcard/index';
import type { SamSimulatorFault } from '../../idcard/index';
import { EscPosSimulator } from '../../printer/index';
import { ScannerSimulator } from '../../scanner/index';
import { UsageError, parseFlags } from '../cli/args';
import { serveSimulatorOnSerial, serveSimulatorOnTcp } from '../simulator-host';
import type { AttachableSimulator, ServedSimulator } from '../simulator-host';

type Device = 'idcard' | 'scanner' | 'printer';

export function parseIdcardFault(text: string): SamSimulatorFault {
  const slow = /^slow:(\d+)$/.exec(text);
  if (slow) return { kind: 'slow', delayMs: Number(slow[1]) };
  const simple = ['no-sam', 'checksum-errors', 'garbage', 'remove-mid-read', 'silent', 'truncated'] as const;
  if ((simple as readonly string[]).includes(text)) return text as (typeof simple)[number];
  throw new UsageError(`unknown idcard fault "${text}" (${simple.join(', ')}, slow:MS)`);
}

function applyPrinterFault(sim: EscPosSimulator, fault: string): void {
  switch (fault) {
    case 'paper-out':
      return sim.setPaper('out');
    case 'paper-near-end':
      return sim.setPaper('near-end');
    case 'cover-open':
      return sim.setCoverOpen(true);
    case 'offline':
      return sim.setOffline(true);
    default:
      throw new UsageError(`unknown printer fault "${fault}" (paper-out, paper-near-end, cover-open, offline)`);
  }
}

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseFlags(
      process.argv.slice(2),
      {
        device: { kind: 'string', required: true, oneOf: ['idcard', 'scanner', 'printer'] },
        port: { kind: 'string' },
        tcp: { kind: 'int', min: 0, max: 65535 },
        baud: { kind: 'int', oneOf: [9600, 19200, 38400, 57600, 115200] },
        fault: { kind: 'string' },
        card: { kind: 'int', min: 0, max: DEMO_CARDS.length - 1 },
        width: { kind: 'int', oneOf: [80, 58] },
      },
      'serve',
    );
    if ((flags.port === undefined) === (flags.tcp === undefined)) throw new UsageError('give exactly one of --port PATH or --tcp PORT');
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n`);
    return 1;
  }
  const device = flags.device as Device;
  let simulator: AttachableSimulator;
  let command: (input: Record<string, unknown>) => Promise<void> | void;
  try {
    if (device === 'idcard') {
      const sim = new SamSimulator({ cards: DEMO_CARDS });
      if (flags.fault !== undefined) sim.setFault(parseIdcardFault(flags.fault as string));
      if (flags.card !== undefined) sim.placeCardAt(flags.card as number);
      simulator = sim;
      command = (input) => {
        if (typeof input.placeCard === 'number') sim.placeCardAt(input.placeCard);
        else if (input.removeCard) sim.removeCard();
        else if ('fault' in input) sim.setFault(input.fault === null ? null : parseIdcardFault(String(input.fault)));
        else throw new Error('unknown idcard command');
      };
    } else if (device === 'printer') {
      const sim = new EscPosSimulator({ paperWidth: ((flags.width as number | undefined) ?? 80) as 80 | 58 });
      if (flags.fault !== undefined) applyPrinterFault(sim, flags.fault as string);
      simulator = sim;
      command = (input) => {
        let known = false;
        if (input.paper === 'ok' || input.paper === 'near-end' || input.paper === 'out') {
          sim.setPaper(input.paper);
          known = true;
        }
        if (typeof input.coverOpen === 'boolean') {
          sim.setCoverOpen(input.coverOpen);
          known = true;
        }
        if (typeof input.offline === 'boolean') {
          sim.setOffline(input.offline);
          known = true;
        }
        if (!known) throw new Error('unknown printer command');
      };
    } else {
      if (flags.fault !== undefined) throw new UsageError('the scanner simulator has no faults');
      const sim = new ScannerSimulator();
      simulator = sim;
      command = async (input) => {
        if (typeof input.scan !== 'string') throw new Error('unknown scanner command');
        const encoding = input.encoding === 'gb18030' || input.encoding === 'latin1' ? input.encoding : 'utf-8';
        await sim.scan(input.scan, { encoding });
      };
    }
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n`);
    return 1;
  }

  let served: ServedSimulator;
  try {
    served = flags.port !== undefined ? await serveSimulatorOnSerial(flags.port as string, simulator, { baudRate: (flags.baud as number | undefined) ?? 115200 }) : await serveSimulatorOnTcp(flags.tcp as number, simulator);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: { code: 'port-unavailable', message: (error as Error).message } })}\n`);
    return 2;
  }
  const where = flags.port !== undefined ? { port: flags.port } : { tcp: (served as { port?: number }).port };
  process.stdout.write(`${JSON.stringify({ serving: { device, ...where } })}\n`);

  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      void (async () => {
        try {
          await command(JSON.parse(line) as Record<string, unknown>);
          process.stdout.write('{"ok":true}\n');
        } catch (error) {
          process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
        }
      })();
    });
    lines.on('close', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await served.close();
  return 0;
}

process.exitCode = await main();
// Native handles (serial ports) are closed; exit even if a stray timer remains.
process.exit(process.exitCode);
