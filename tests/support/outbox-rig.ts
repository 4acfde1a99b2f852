/**
 * The outbox end to end in one Node process, with nothing faked but IndexedDB (fake-indexeddb):
 * a real local platform on port 0 (optionally in fault mode), the real host side (PlatformClient,
 * TerminalService, OutboxHost with its journal and keys, the outbox handlers behind an RpcServer),
 * the real protocol (RpcClient over an in-memory channel pair, validated at both ends), and the
 * page side (DexieIntakeOutbox and the same DeliveryEngine the Worker runs).
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { startPlatform, type FaultOptions, type RunningPlatform } from '../../platform/server';
import { RpcServer } from '../../common/ipc/rpc-server';
import { RpcClient } from '../../common/ipc/rpc-client';
import { createTextChannelPair } from '../../common/ipc/message-channel';
import { uuidv7 } from '../../common/ids/uuid-v7';
import { PlatformClient } from '../../host/platform/platform-client';
import { TerminalService } from '../../host/platform/terminal-service';
import { createLogger } from '../../host/log';
import { OutboxHost } from '../../host/outbox/outbox-host';
import { outboxHandlers } from '../../host/outbox/handlers';
import type { HostContext } from '../../host/host-context';
import { OutboxDb } from '../../renderer/src/outbox/outbox-db';
import { DexieIntakeOutbox } from '../../renderer/src/outbox/dexie-outbox';
import { DeliveryEngine, type DeliveryEngineOptions } from '../../renderer/src/outbox/delivery-engine';
import { outboxSummary } from '../../renderer/src/outbox/queries';
export { ITEM_CODE, submissionBody } from './submission-body';

const FIXTURES = fileURLToPath(new URL('../integration/platform/fixtures/', import.meta.url));
const CODE = 'TEST-ENROLL-1';

export interface OutboxRig {
  platform: RunningPlatform;
  dataDir: string;
  platformClient: PlatformClient;
  terminal: TerminalService;
  host: OutboxHost;
  client: RpcClient;
  server: RpcServer;
  db: OutboxDb;
  outbox: DexieIntakeOutbox;
  engine: DeliveryEngine;
  events: { name: string; payload: unknown }[];
  terminalId: string;
  hallId: string;
  /** Resolves when nothing is queued or in flight (driven by change notifications, not sleeps). */
  drained(timeoutMs?: number): Promise<void>;
  records(): Promise<AdminRecords>;
  /** A new page/worker on the same host and platform (the old engine stopped). */
  restartPage(options?: { freshStorage?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface AdminRecords {
  submissions: { count: number; items: { id: string; receiptNo: string; firstDeliveries: number; replays: number; conflicts: number }[] };
  tickets: { count: number; items: { id: string; firstDeliveries: number }[] };
  ratings: { count: number; items: { id: string; firstDeliveries: number }[] };
  attachments: { count: number; items: { id: string; firstDeliveries: number }[] };
  terminals: { lastHeartbeat: { outbox: { pending: number; failed: number } } | null }[];
}

export const newId = (): string => uuidv7((n) => new Uint8Array(randomBytes(n)));

export async function startOutboxRig(options: { faults?: FaultOptions; engine?: DeliveryEngineOptions; startEngine?: boolean; diskFree?: () => { freeBytes: number; totalBytes: number } } = {}): Promise<OutboxRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outbox-rig-'));
  const platform = await startPlatform({
    port: 0,
    dataDir: join(dataDir, 'platform'),
    enrollmentCodes: [CODE],
    catalogPath: join(FIXTURES, 'catalog.json'),
    hallPath: join(FIXTURES, 'hall.json'),
    appointmentsPath: join(FIXTURES, 'appointments.json'),
  });
  const log = createLogger('outbox-rig', 'error', () => undefined);
  const platformClient = new PlatformClient(platform.apiUrl, { timeoutMs: 10_000 });
  const terminal = new TerminalService(platformClient, {
    stateDir: join(dataDir, 'kiosk', 'host'),
    platformKey: 'embedded',
    hardwareId: `rig-${randomUUID()}`,
    model: 'rig',
    appVersion: '0.0.0-test',
    log,
    heartbeatFacts: () => ({ outbox: host.heartbeatFacts(), devices: [] }),
  });
  await terminal.enroll(CODE);
  await terminal.refreshConfig();
  const events: { name: string; payload: unknown }[] = [];
  const host: OutboxHost = await OutboxHost.open({
    dataDir: join(dataDir, 'kiosk'),
    platform: platformClient,
    terminal,
    log,
    env: {},
    ...(options.diskFree ? { readDisk: options.diskFree, diskCacheMs: 0 } : {}),
    emitFault: (payload) => server.emit('outbox.fault', payload),
    emitResume: (reason) => server.emit('outbox.resume', { reason }),
  });
  const ctx = { config: { dataDir: join(dataDir, 'kiosk'), receiptRetentionHours: 24 }, log, platform: platformClient, terminal, server: () => server, outbox: host } as unknown as HostContext;
  const server: RpcServer = new RpcServer(outboxHandlers(ctx), { warn: () => undefined });
  const [hostEnd, pageEnd] = createTextChannelPair();
  server.connect(hostEnd, 'rig');
  const client = new RpcClient(pageEnd, { timeoutMs: 60_000 });
  for (const name of ['outbox.fault', 'outbox.resume'] as const) client.on(name, (payload) => events.push({ name, payload }));
  if (options.faults) platform.setFaults(options.faults);

  const changeListeners = new Set<() => void>();
  const onChange = () => {
    for (const l of changeListeners) l();
  };
  const dbName = `outbox-${randomUUID()}`;
  const rig = {} as OutboxRig;
  const makePage = (name: string) => {
    const db = new OutboxDb(name);
    const engine = new DeliveryEngine(db, client, { reportDepth: true, ...options.engine, onChange });
    const outbox = new DexieIntakeOutbox(db, { host: () => client, kick: () => engine.kick('enqueued') });
    Object.assign(rig, { db, engine, outbox });
  };
  makePage(dbName);
  Object.assign(rig, {
    platform,
    dataDir,
    platformClient,
    terminal,
    host,
    client,
    server,
    events,
    terminalId: terminal.current.enrollment!.terminalId,
    hallId: terminal.current.enrollment!.hallId,
    drained: (timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        let done = false;
        let checking = false;
        let again = false;
        // At most one count in flight; changes during it trigger one more (cheap: an index count).
        const check = () => {
          if (checking) {
            again = true;
            return;
          }
          checking = true;
          void rig.db.items.where('state').anyOf('queued', 'delivering').count().then((pending) => {
            checking = false;
            if (!done && pending === 0) {
              done = true;
              changeListeners.delete(check);
              clearTimeout(timer);
              resolve();
            } else if (again) {
              again = false;
              check();
            }
          });
        };
        const timer = setTimeout(() => {
          done = true;
          changeListeners.delete(check);
          void outboxSummary(rig.db).then((s) => reject(new Error(`not drained within ${timeoutMs} ms: ${JSON.stringify(s)}`)));
        }, timeoutMs);
        changeListeners.add(check);
        check();
      }),
    records: async () => (await (await fetch(`${platform.url}/_admin/records`)).json()) as AdminRecords,
    restartPage: async (o: { freshStorage?: boolean } = {}) => {
      rig.engine.stop();
      rig.db.close();
      makePage(o.freshStorage ? `outbox-${randomUUID()}` : dbName);
      await rig.outbox.reconcile();
      await rig.engine.start();
    },
    stop: async () => {
      rig.engine.stop();
      rig.db.close();
      client.close();
      await host.close();
      terminal.stop();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  await rig.outbox.reconcile();
  if (options.startEngine !== false) await rig.engine.start();
  return rig;
}
