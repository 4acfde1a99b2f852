import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PlatformOptions, RunningPlatform } from '../../../platform/server';
import { startPlatform } from '../../../platform/server';
import { withIdCheckChar } from '../../../common/identity/check-digits';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const ITEM_CODE = '11440100000000001X3440100001000';
export const HALL_ID = 'test-hall';
export const CODE = 'TEST-ENROLL-1';

/** Invented people (valid check digits; no real person). */
export const PERSON_ID = withIdCheckChar('44010619900307123');
export const OTHER_ID = withIdCheckChar('44010619851111002');

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export const uuid = (): string => randomUUID();

export interface Clock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function clock(iso = '2026-11-20T10:00:00+08:00'): Clock {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), set: (v) => (t = new Date(v).getTime()), advance: (ms) => (t += ms) };
}

export interface TestPlatform {
  platform: RunningPlatform;
  api: string;
  dir: string;
  stop(): Promise<void>;
}

export async function start(options: Partial<PlatformOptions> = {}): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'platform-test-'));
  const platform = await startPlatform({
    port: 0,
    dataDir: dir,
    enrollmentCodes: [CODE, 'TEST-ENROLL-2'],
    catalogPath: join(FIXTURES, 'catalog.json'),
    hallPath: join(FIXTURES, 'hall.json'),
    appointmentsPath: join(FIXTURES, 'appointments.json'),
    ...options,
  });
  return {
    platform,
    api: platform.apiUrl,
    dir,
    stop: async () => {
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export async function call(
  api: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined = opts.raw;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(api + path, { method, headers, ...(body !== undefined ? { body: body as unknown as BodyInit } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export interface Enrolled {
  terminalId: string;
  token: string;
  hallId: string;
}

export async function enroll(api: string, hardwareId = `hw-${uuid()}`, code = CODE): Promise<Enrolled> {
  const r = await call(api, 'POST', '/v1/terminals/enroll', { body: { enrollmentCode: code, hardwareId, model: 'TEST-32P', appVersion: '0.1.0' } });
  expect(r.status).toBe(201);
  return r.body as Enrolled;
}

/** Every problem answer has the RFC 9457 shape and the contract's `code`. */
export function expectProblem(r: Answer, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.headers.get('date')).toBeTruthy();
  expect(r.body).toMatchObject({ status, code });
  expect(typeof r.body.type).toBe('string');
  expect(typeof r.body.title).toBe('string');
}

export function submission(terminalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceCode: ITEM_CODE,
    catalogVersion: 'test',
    terminalId,
    localReference: 'K-0001',
    createdAt: '2026-11-20T09:59:00+08:00',
    channel: 'kiosk',
    applicant: { kind: 'person', name: '陈测试', idType: 'resident-id', idNumber: PERSON_ID, source: 'card-reader' },
    form: { applicantName: '陈测试', months: 6 },
    materials: [
      { code: 'M1', provision: 'electronic-licence' },
      { code: 'M2', provision: 'paper-at-window' },
    ],
    consent: { noticeVersion: 'v1', agreedAt: '2026-11-20T09:58:00+08:00' },
    ...overrides,
  };
}

/** The admin surface's records (loosely typed for assertions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function adminRecords(platformUrl: string): Promise<any> {
  return (await fetch(`${platformUrl}/_admin/records`)).json();
}
