/**
 * The local unified intake platform: the contract in platform/contract/ served under /api on
 * node:http, with an inspection surface under /_admin and optional fault injection.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { counts, records } from './admin';
import type { Contract } from './contract';
import { loadContract } from './contract';
import type { Handler, Request, Services } from './context';
import { readBody } from './context';
import type { Db } from './db';
import { GroupCommit } from './group-commit';
import { openDatabase } from './db';
import type { FaultOptions } from './faults';
import { checkFaultOptions, FaultDice } from './faults';
import type { Reply } from './http';
import { json, problem, ReplyError } from './http';
import { getAppointment, getQueueSummary, postLease, putTicket } from './handlers/queue';
import { getSubmission, headAttachment, lookupProgress, putAttachment, putRating, putSubmission } from './handlers/submissions';
import { enroll, getCatalog, getConfig, heartbeat, putAudit, terminalForToken } from './handlers/terminals';
import { DEFAULT_APPOINTMENTS_PATH, DEFAULT_CATALOG_PATH, DEFAULT_HALL_PATH, loadReferenceData } from './reference-data';

export type { FaultKind, FaultOptions } from './faults';

export interface PlatformOptions {
  /** 0 (the default) = any free port. */
  port?: number;
  host?: string;
  dataDir: string;
  enrollmentCodes: string[];
  faults?: FaultOptions;
  catalogPath?: string;
  hallPath?: string;
  appointmentsPath?: string;
  /** Seconds between the simulated progress stages of a submission (default 120). */
  progressStepSeconds?: number;
  now?: () => Date;
  /** Largest attachment accepted (default 10 MiB). */
  maxAttachmentBytes?: number;
  /** Log one line per request (method, path, status, duration) to stderr. */
  log?: boolean;
}

export interface RunningPlatform {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api' */
  apiUrl: string;
  close(): Promise<void>;
  setFaults(f: FaultOptions | null): void;
  /** The store, for tests. */
  db: Db;
  contract: Contract;
}

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /** Enrollment is the one call without a token. */
  anonymous?: boolean;
}

const SEG = '([^/]+)';
const ROUTES: Route[] = [
  { pattern: /^\/v1\/terminals\/enroll$/, methods: { POST: enroll }, anonymous: true },
  { pattern: new RegExp(`^/v1/terminals/${SEG}/heartbeat$`), methods: { POST: heartbeat } },
  { pattern: new RegExp(`^/v1/terminals/${SEG}/config$`), methods: { GET: getConfig } },
  { pattern: new RegExp(`^/v1/terminals/${SEG}/audit/${SEG}$`), methods: { PUT: putAudit } },
  { pattern: /^\/v1\/catalog$/, methods: { GET: getCatalog } },
  { pattern: new RegExp(`^/v1/attachments/${SEG}$`), methods: { HEAD: headAttachment, PUT: putAttachment } },
  { pattern: new RegExp(`^/v1/submissions/${SEG}$`), methods: { PUT: putSubmission, GET: getSubmission } },
  { pattern: /^\/v1\/progress\/lookup$/, methods: { POST: lookupProgress } },
  { pattern: new RegExp(`^/v1/halls/${SEG}/queue/leases$`), methods: { POST: postLease } },
  { pattern: new RegExp(`^/v1/halls/${SEG}/queue/tickets/${SEG}$`), methods: { PUT: putTicket } },
  { pattern: new RegExp(`^/v1/halls/${SEG}/appointments/${SEG}$`), methods: { GET: getAppointment } },
  { pattern: new RegExp(`^/v1/halls/${SEG}/queue/summary$`), methods: { GET: getQueueSummary } },
  { pattern: new RegExp(`^/v1/ratings/${SEG}$`), methods: { PUT: putRating } },
];

function bearer(raw: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(raw.headers.authorization ?? '');
  return m?.[1];
}

async function route(s: Services, raw: IncomingMessage, path: string): Promise<Reply> {
  const method = raw.method ?? 'GET';
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    // HEAD of a GET resource answers as the GET would, without the body.
    const handler = r.methods[method] ?? (method === 'HEAD' ? r.methods['GET'] : undefined);
    if (!handler) {
      const allow = Object.keys(r.methods).join(', ');
      return problem(405, 'method-not-allowed', `Allowed: ${allow}.`, {}, { Allow: allow });
    }
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return problem(404, 'not-found', 'No such resource.');
    }
    const req: Request = { raw, method, path, params };
    // Authentication comes before anything about the body.
    if (!r.anonymous) {
      const token = bearer(raw);
      const terminal = token ? terminalForToken(s, token) : undefined;
      if (!terminal) {
        return problem(401, 'unauthorized', 'A valid terminal token is required; the terminal must be re-enrolled.', {}, { 'WWW-Authenticate': 'Bearer' });
      }
      req.terminal = terminal;
    }
    return handler(s, req);
  }
  return problem(404, 'not-found', 'No such resource.');
}

function send(s: Services, res: ServerResponse, reply: Reply, head: boolean): void {
  const headers: Record<string, string> = { Date: s.now().toUTCString(), ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.body !== undefined && reply.status !== 304) {
    payload = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
    headers['Content-Type'] ??= reply.problem ? 'application/problem+json' : 'application/json';
  }
  if (reply.status !== 304) headers['Content-Length'] = String(payload?.length ?? 0);
  if (reply.close) headers['Connection'] = 'close';
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : payload);
}

function injectedProblem(kind: '5xx' | '429' | '503', pick: number): Reply {
  if (kind === '429') return problem(429, 'rate-limited', 'Injected fault: too many requests.', {}, { 'Retry-After': '1' });
  if (kind === '503') return problem(503, 'unavailable', 'Injected fault: service unavailable.', {}, { 'Retry-After': '1' });
  return pick < 0.5 ? problem(500, 'internal-error', 'Injected fault: internal error.') : problem(502, 'bad-gateway', 'Injected fault: bad gateway.');
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const now = options.now ?? (() => new Date());
  const contract = loadContract();
  const ref = loadReferenceData(contract, {
    catalogPath: options.catalogPath ?? DEFAULT_CATALOG_PATH,
    hallPath: options.hallPath ?? DEFAULT_HALL_PATH,
    appointmentsPath: options.appointmentsPath ?? DEFAULT_APPOINTMENTS_PATH,
    appointmentsBase: now(),
  });
  if (options.enrollmentCodes.length === 0) throw new Error('at least one enrollment code is needed');
  for (const code of options.enrollmentCodes) {
    // EnrollmentRequest.enrollmentCode is 6–64 characters: a shorter or longer code could never be used.
    if (code.length < 6 || code.length > 64) throw new Error('an enrollment code must be 6 to 64 characters long');
  }
  const dice = new FaultDice();
  dice.set(options.faults ? checkFaultOptions(options.faults) : null);
  const db = openDatabase(options.dataDir);
  const group = new GroupCommit(db);
  const s: Services = {
    db,
    write: (fn) => group.run(fn),
    contract,
    ref,
    now,
    dataDir: options.dataDir,
    attachmentsDir: join(options.dataDir, 'attachments'),
    progressStepSeconds: options.progressStepSeconds ?? 120,
    maxAttachmentBytes: options.maxAttachmentBytes ?? 10 * 1024 * 1024,
    maxJsonBytes: 1024 * 1024,
    enrollmentCodes: new Set(options.enrollmentCodes),
  };

  const sockets = new Set<Socket>();

  const admin = async (raw: IncomingMessage, path: string): Promise<Reply> => {
    if (path === '/_admin/records' && raw.method === 'GET') return json(200, records(db));
    if (path === '/_admin/counts' && raw.method === 'GET') return json(200, counts(db));
    if (path === '/_admin/health' && raw.method === 'GET') return json(200, { ok: true, serverTime: now().toISOString() });
    if (path === '/_admin/faults') {
      if (raw.method === 'GET') return json(200, { faults: dice.current });
      if (raw.method === 'PUT') {
        try {
          const body = JSON.parse((await readBody(raw, 64 * 1024)).toString('utf8')) as FaultOptions | null;
          dice.set(body);
        } catch (err) {
          return problem(422, 'invalid-request', (err as Error).message);
        }
        return json(200, { faults: dice.current });
      }
    }
    return problem(404, 'not-found', 'No such resource.');
  };

  const server = createServer((raw, res) => {
    const started = performance.now();
    const path = (raw.url ?? '/').split('?')[0]!;
    const head = raw.method === 'HEAD';
    let logged = false;
    const log = (status: number | string) => {
      if (!options.log || logged) return;
      logged = true;
      console.error(`${raw.method} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
    };
    void (async () => {
      let fault: ReturnType<FaultDice['roll']>;
      let reply: Reply;
      try {
        if (path === '/api' || path.startsWith('/api/')) {
          fault = dice.roll();
          if (fault === 'latency') await delay(dice.latencyMs);
          if (fault === 'reset') {
            raw.socket.destroy();
            log('reset');
            return;
          }
          reply =
            fault === '5xx' || fault === '429' || fault === '503'
              ? injectedProblem(fault, Math.random())
              : await route(s, raw, path.slice('/api'.length));
        } else if (path.startsWith('/_admin/')) {
          reply = await admin(raw, path);
        } else {
          reply = problem(404, 'not-found', 'The interface is served under /api.');
        }
      } catch (err) {
        if (err instanceof ReplyError) reply = err.reply;
        else {
          console.error(`platform: ${raw.method} ${path} failed: ${(err as Error).message}`);
          reply = problem(500, 'internal-error', 'The platform failed to handle the request.');
        }
      }
      if (fault === 'drop-after-commit') {
        // The write (if any) is committed; the terminal never hears about it.
        raw.socket.destroy();
        log('dropped');
        return;
      }
      if (res.destroyed) return;
      send(s, res, reply, head);
      log(reply.status);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    apiUrl: `${url}/api`,
    db,
    contract,
    setFaults: (f) => dice.set(f),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeIdleConnections();
        for (const socket of sockets) socket.destroy();
      })),
  };
}
