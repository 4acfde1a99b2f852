/**
 * Device benchmarks. Run: `npm run bench -- devices` (needs socat).
 *
 * - idcard.read.ms: find + select + read (text + photo) with the real SamReader over the real
 *   `serialport` on one end of a socat pty pair, the SAM simulator served on the other end at
 *   115200 baud, paced at the line rate (a pty moves bytes at memory speed whatever the baud rate,
 *   so the simulator's end is wrapped in PacedTransport to give it a real UART's timing). Median.
 * - idcard.wire.ms: the time those very frames (counted on the wire: three commands, three answers)
 *   take at 115200 8N1, 10 bits per byte. idcard.overhead.ms = read − wire: what software, the
 *   kernel tty layer and the reader's turn-arounds add.
 * - idcard.read.unpaced.ms: the same read over an unpaced pty pair: pure software + kernel cost.
 * - print.receipt.build.ms / print.ticket.build.ms: building the acceptance receipt / queue ticket
 *   bytes (80 mm, with the canvas glyph rasterizer, which the receipt's rare name character needs).
 * - print.ticket.first-byte.ms: from "print ticket" (build + createDeviceSet().print(): the device
 *   host's printing path, a transaction that reads DLE EOT 1…4 first) to the first byte of the job
 *   (after the 12 status-query bytes) arriving at the simulated printer, over a paced 115200 serial
 *   pair; print.ticket.first-byte.tcp.ms the same to a simulated network printer on TCP.
 */
import { buildAcceptanceReceipt, buildQueueTicket, EscPosSimulator } from '../drivers/printer/index';
import type { AcceptanceReceiptData, QueueTicketData } from '../drivers/printer/index';
import { createCanvasGlyphRasterizer } from '../drivers/node/printer/index';
import { DEMO_CARDS, SAM_COMMANDS, SamReader, SamSimulator, encodeCommand } from '../drivers/idcard/index';
import { SerialTransport } from '../drivers/node/transports/index';
import { serveSimulatorOnSerial, serveSimulatorOnTcp } from '../drivers/node/simulator-host';
import type { ServedSimulator } from '../drivers/node/simulator-host';
import { createDeviceSet } from '../drivers/node/device-set';
import type { DeviceConnection } from '../common/config/device-connections';
import { wireTimeMs } from '../drivers/transport/paced-transport';
import { createVirtualSerialPair, socatAvailable } from '../tests/support/socat';
import { median, percentile, type Metric } from './results-file';

const BAUD = 115200;

export async function measureDevices(options: { reads?: number; builds?: number; prints?: number } = {}): Promise<Record<string, Metric>> {
  if (!socatAvailable()) throw new Error('the device benchmarks need socat (apt-get install socat)');
  const reads = options.reads ?? 30;
  const builds = options.builds ?? 200;
  const prints = options.prints ?? 30;
  const paced = await measureIdcardRead(reads, true);
  const unpaced = await measureIdcardRead(reads, false);
  const wire = wireTimeMs(paced.wireBytes, BAUD);
  console.log(
    `idcard: ${paced.wireBytes} bytes on the wire per read (commands ${paced.txBytes}, answers ${paced.rxBytes}); ` +
      `paced p90 ${percentile(paced.times, 90).toFixed(1)} ms, unpaced p90 ${percentile(unpaced.times, 90).toFixed(1)} ms`,
  );
  const build = measureBuilds(builds);
  const serial = await measureFirstByte(prints, 'serial');
  const tcp = await measureFirstByte(prints, 'tcp');
  console.log(`ticket job: ${serial.jobBytes} bytes; first byte p90 serial ${percentile(serial.times, 90).toFixed(1)} ms, tcp ${percentile(tcp.times, 90).toFixed(1)} ms`);
  const read = median(paced.times);
  return {
    'idcard.read.ms': { value: read, unit: 'ms' },
    'idcard.wire.ms': { value: wire, unit: 'ms' },
    'idcard.overhead.ms': { value: read - wire, unit: 'ms' },
    'idcard.read.unpaced.ms': { value: median(unpaced.times), unit: 'ms' },
    'print.receipt.build.ms': { value: median(build.receipt), unit: 'ms' },
    'print.ticket.build.ms': { value: median(build.ticket), unit: 'ms' },
    'print.ticket.first-byte.ms': { value: median(serial.times), unit: 'ms' },
    'print.ticket.first-byte.tcp.ms': { value: median(tcp.times), unit: 'ms' },
  };
}

// ── ID card ─────────────────────────────────────────────────────────────────────────────────────

async function measureIdcardRead(reads: number, lineRate: boolean): Promise<{ times: number[]; wireBytes: number; txBytes: number; rxBytes: number }> {
  const pair = await createVirtualSerialPair();
  const simulator = new SamSimulator({ cards: DEMO_CARDS });
  let served: ServedSimulator | undefined;
  const transport = new SerialTransport({ path: pair.a, baudRate: BAUD });
  let reader: SamReader | undefined;
  try {
    served = await serveSimulatorOnSerial(pair.b, simulator, { baudRate: BAUD, lineRate });
    await transport.open();
    reader = new SamReader(transport);
    let rx = 0;
    transport.onData((bytes) => (rx += bytes.length));
    // The frames readCard() writes: find, select, read text + photo.
    const tx = [SAM_COMMANDS.find, SAM_COMMANDS.select, SAM_COMMANDS.readTextPhoto].reduce((sum, c) => sum + encodeCommand(c.cmd, c.para).length, 0);
    const times: number[] = [];
    let rxPerRead = 0;
    for (let i = -3; i < reads; i += 1) {
      simulator.placeCardAt(0);
      rx = 0;
      const started = performance.now();
      const read = await reader.readCard();
      const elapsed = performance.now() - started;
      if (read.photoWlt.length !== 1024) throw new Error('unexpected photo length');
      if (i >= 0) times.push(elapsed);
      rxPerRead = rx;
    }
    return { times, wireBytes: tx + rxPerRead, txBytes: tx, rxBytes: rxPerRead };
  } finally {
    reader?.dispose();
    await transport.close().catch(() => undefined);
    await served?.close();
    await pair.close();
  }
}

// ── print jobs ──────────────────────────────────────────────────────────────────────────────────

const NOW = new Date('2025-03-14T02:30:00Z');

/** A rare (four-byte GB18030) character in the given name, as the rasterizer exists for. */
export const RECEIPT: AcceptanceReceiptData = {
  hallName: '示例市示例区政务服务中心',
  serviceName: '城乡居民基本养老保险参保登记',
  applicant: { name: '李乐𡈼', idNumber: '11010519491231002X', phone: '13800000000' },
  localReference: 'BMK-20250314-0042',
  receivedAt: NOW,
  promisedCompletionDate: '2025-03-21',
  promisedWorkingDays: 5,
  materials: [
    { name: '居民身份证', form: '原件', copies: 1 },
    { name: '户口簿', form: '复印件', copies: 1 },
    { name: '银行卡（社保卡）', form: '复印件', copies: 1 },
  ],
  nextSteps: ['工作人员将在承诺时限内完成审核。', '审核结果将以短信通知，请保持电话畅通。'],
  hotline: '12345',
};

export const TICKET: QueueTicketData = {
  hallName: '示例市示例区政务服务中心',
  ticketNumber: 'A023',
  category: '社保医保',
  peopleAhead: 7,
  estimatedWaitMinutes: 21,
  issuedAt: NOW,
  qrData: 'https://hall.example.cn/q/A023',
};

function measureBuilds(runs: number): { receipt: number[]; ticket: number[] } {
  const rasterizer = createCanvasGlyphRasterizer();
  const options = { paperWidth: 80 as const, rasterizer, now: NOW };
  const receipt: number[] = [];
  const ticket: number[] = [];
  for (let i = -10; i < runs; i += 1) {
    let started = performance.now();
    buildAcceptanceReceipt(RECEIPT, options);
    if (i >= 0) receipt.push(performance.now() - started);
    started = performance.now();
    buildQueueTicket(TICKET, options);
    if (i >= 0) ticket.push(performance.now() - started);
  }
  return { receipt, ticket };
}

const STATUS_QUERY_BYTES = 12;

async function measureFirstByte(prints: number, kind: 'serial' | 'tcp'): Promise<{ times: number[]; jobBytes: number }> {
  const simulator = new EscPosSimulator({ paperWidth: 80 });
  const pair = kind === 'serial' ? await createVirtualSerialPair() : undefined;
  let served: ServedSimulator | undefined;
  let connection: DeviceConnection;
  if (pair) {
    served = await serveSimulatorOnSerial(pair.b, simulator, { baudRate: BAUD, lineRate: true });
    connection = { kind: 'serial', path: pair.a, baudRate: BAUD };
  } else {
    const tcp = await serveSimulatorOnTcp(0, simulator);
    served = tcp;
    connection = { kind: 'tcp', host: '127.0.0.1', port: tcp.port };
  }
  const none: DeviceConnection = { kind: 'none' };
  const devices = createDeviceSet(
    { 'idcard-reader': none, 'qr-scanner': none, 'receipt-printer': none, 'ticket-printer': connection },
    // No idle status polls during the measurement: only the transaction's own queries.
    { printerPollMs: 3_600_000 },
  );
  const rasterizer = createCanvasGlyphRasterizer();
  try {
    await devices.started();
    const status = devices.statuses().find((s) => s.role === 'ticket-printer');
    if (status?.state !== 'ready') throw new Error(`ticket printer not ready: ${JSON.stringify(status)}`);
    const times: number[] = [];
    let jobBytes = 0;
    for (let i = -3; i < prints; i += 1) {
      const device = served.transport;
      if (!device) throw new Error('the simulated printer has no connection');
      let received = 0;
      let firstJobByteAt = -1;
      const off = device.onData((bytes) => {
        if (firstJobByteAt < 0 && received + bytes.length > STATUS_QUERY_BYTES) firstJobByteAt = performance.now();
        received += bytes.length;
      });
      const started = performance.now();
      // "Print ticket": what the host does for a queue ticket.
      const job = buildQueueTicket(TICKET, { paperWidth: 80, rasterizer, now: NOW });
      const outcome = await devices.print('ticket-printer', job);
      off();
      if (!outcome.printed) throw new Error(`ticket not printed: ${outcome.message}`);
      if (firstJobByteAt < 0) throw new Error('the job never reached the printer');
      if (i >= 0) times.push(firstJobByteAt - started);
      jobBytes = job.length;
    }
    return { times, jobBytes };
  } finally {
    await devices.close();
    await served.close();
    await pair?.close();
  }
}
