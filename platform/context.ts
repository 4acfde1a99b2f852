/**
 * What every handler sees: the store, the contract, the reference data, the clock, and the
 * request already routed and authenticated.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Contract, BodySchema } from './contract';
import type { Db, DeliveryKind } from './db';
import { recordDelivery } from './db';
import type { Reply } from './http';
import { invalid, problem, ReplyError } from './http';
import type { ReferenceData } from './reference-data';
import { rfc3339 } from './time';

export interface Services {
  db: Db;
  /** Runs a write transaction (grouped with the writes of the same event-loop turn: platform/group-commit.ts). */
  write<T>(fn: () => T): Promise<T>;
  contract: Contract;
  ref: ReferenceData;
  now: () => Date;
  dataDir: string;
  attachmentsDir: string;
  progressStepSeconds: number;
  maxAttachmentBytes: number;
  maxJsonBytes: number;
  enrollmentCodes: ReadonlySet<string>;
}

export interface Terminal {
  terminalId: string;
}

export interface Request {
  raw: IncomingMessage;
  method: string;
  /** Path below /api. */
  path: string;
  params: string[];
  /** The authenticated terminal (absent only for enrollment). */
  terminal?: Terminal;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads a request body, refusing more than `limit` bytes with 413. */
export async function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ReplyError({ ...problem(413, 'payload-too-large', `The body exceeds ${limit} bytes.`), close: true });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ReplyError({ ...problem(413, 'payload-too-large', `The body exceeds ${limit} bytes.`), close: true });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export interface JsonBody {
  bytes: Buffer;
  sha256: string;
}

/**
 * Reads a JSON request body (bytes only: parsing waits until the replay check is done).
 * The Content-Type is not enforced: the contract names application/json but no answer for
 * anything else, and a body that is not JSON is refused as 422 invalid-request anyway.
 */
export async function readJsonBody(s: Services, req: Request): Promise<JsonBody> {
  const bytes = await readBody(req.raw, s.maxJsonBytes);
  return { bytes, sha256: sha256Hex(bytes) };
}

/** Parses and validates a JSON body against a contract schema; throws the 422 problem. */
export function parseJson<T>(s: Services, body: JsonBody, schema: BodySchema): T {
  let value: unknown;
  try {
    value = JSON.parse(body.bytes.toString('utf8'));
  } catch {
    throw new ReplyError(invalid([{ path: '', message: 'the body is not valid JSON' }], 'The request body is not valid JSON.'));
  }
  const errors = s.contract.validate(schema, value);
  if (errors.length > 0) throw new ReplyError(invalid(errors));
  return value as T;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A path parameter that must be a ClientId (UUID). */
export function requireUuid(value: string, name: string): void {
  if (!isUuid(value)) throw new ReplyError(problem(422, 'invalid-request', `${name} must be a UUID.`, { errors: [] }));
}

export interface StoredWrite {
  terminal_id: string;
  body_sha256: string;
}

/**
 * The idempotency rule of the contract for a write whose id is already held: the same terminal
 * and the same body bytes → a replay (the caller answers 200 with the original result);
 * otherwise 409 `id-conflict`. Another terminal reusing an id is a conflict too, so one
 * terminal never sees another's acknowledgement.
 */
export function replayOrConflict(s: Services, kind: DeliveryKind, id: string, row: StoredWrite, req: Request, body: JsonBody): 'replay' {
  if (row.terminal_id === req.terminal?.terminalId && row.body_sha256 === body.sha256) {
    recordDelivery(s.db, kind, id, 'replayed', 200, rfc3339(s.now()));
    return 'replay';
  }
  recordDelivery(s.db, kind, id, 'conflict', 409, rfc3339(s.now()));
  throw new ReplyError(problem(409, 'id-conflict', `This ${kind} id was already delivered with a different body.`));
}

export type Handler = (s: Services, req: Request) => Reply | Promise<Reply>;
