/**
 * The terminal's standing with the platform: enrollment, its configuration (cached for offline
 * use, refreshed by ETag), and the heartbeat that keeps connectivity known.
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { writeFileDurably } from '../storage/durable';
import { join } from 'node:path';
import type { Logger } from '../log';
import { PlatformUnreachableError, type PlatformClient } from './platform-client';

export interface Enrollment {
  /** Which platform this credential belongs to: `embedded` or the platform URL. */
  platformKey: string;
  terminalId: string;
  token: string;
  hallId: string;
  hallName: string;
}

export interface TerminalConfigSnapshot {
  etag: string | null;
  config: {
    hallId: string;
    hallName: string;
    hotline?: string;
    openingHours?: string;
    idleResetSeconds: number;
    [key: string]: unknown;
  };
}

export interface HeartbeatFacts {
  outbox: { pending: number; failed: number; oldestPendingAt: string | null };
  devices: { kind: string; state: string; model?: string; fault?: string }[];
}

export class TerminalService {
  private enrollment: Enrollment | null;
  private configSnapshot: TerminalConfigSnapshot | null;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private readonly changeListeners = new Set<() => void>();
  private readonly startedAt = Date.now();
  private rejectedAt: string | null = null;

  constructor(
    private readonly client: PlatformClient,
    private readonly options: { stateDir: string; platformKey: string; hardwareId: string; model: string; appVersion: string; log: Logger; heartbeatFacts: () => HeartbeatFacts },
  ) {
    mkdirSync(options.stateDir, { recursive: true });
    const stored = readJson<Enrollment>(this.enrollmentPath);
    this.enrollment = stored && stored.platformKey === options.platformKey ? stored : null;
    this.configSnapshot = this.enrollment ? readJson<TerminalConfigSnapshot>(this.configPath) : null;
    client.setToken(this.enrollment?.token ?? null);
  }

  get current(): { enrollment: Enrollment | null; config: TerminalConfigSnapshot['config'] | null } {
    return { enrollment: this.enrollment, config: this.configSnapshot?.config ?? null };
  }

  /** When the platform last answered 401 to this credential (cleared by a new enrollment), or null. */
  get credentialRejectedAt(): string | null {
    return this.rejectedAt;
  }

  /** Provisioning pointed the terminal at another platform: its enrollment is kept under that platform's key. */
  retarget(platformKey: string): void {
    this.options.platformKey = platformKey;
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Enrolls with a one-time code (embedded default, or a technician's provisioning). */
  async enroll(enrollmentCode: string): Promise<void> {
    const response = await this.client.request('POST', '/v1/terminals/enroll', {
      auth: false,
      json: { enrollmentCode, hardwareId: this.options.hardwareId, model: this.options.model, appVersion: this.options.appVersion },
    });
    if (response.status !== 201) throw new Error(`enrollment refused: HTTP ${response.status} ${problemCode(response.body)}`);
    const body = response.body as { terminalId: string; token: string; hallId: string; hallName: string };
    this.enrollment = { platformKey: this.options.platformKey, terminalId: body.terminalId, token: body.token, hallId: body.hallId, hallName: body.hallName };
    writeJsonDurably(this.enrollmentPath, this.enrollment);
    this.client.setToken(body.token);
    this.rejectedAt = null;
    this.options.log.info('enrolled with the platform', { terminalId: body.terminalId, hallId: body.hallId });
    this.notify();
  }

  /** Fetches the terminal configuration if it changed; keeps the cached copy when offline. */
  async refreshConfig(): Promise<void> {
    if (!this.enrollment) return;
    const headers: Record<string, string> = {};
    if (this.configSnapshot?.etag) headers['if-none-match'] = this.configSnapshot.etag;
    const response = await this.client.request('GET', `/v1/terminals/${encodeURIComponent(this.enrollment.terminalId)}/config`, { headers });
    if (response.status === 304) return;
    if (response.status === 401) return this.credentialRejected();
    if (response.status !== 200) throw new Error(`config fetch failed: HTTP ${response.status}`);
    this.configSnapshot = { etag: response.headers.get('etag'), config: response.body as TerminalConfigSnapshot['config'] };
    writeJsonDurably(this.configPath, this.configSnapshot);
    this.notify();
  }

  async heartbeat(): Promise<void> {
    if (!this.enrollment) return;
    const facts = this.options.heartbeatFacts();
    const response = await this.client.request('POST', `/v1/terminals/${encodeURIComponent(this.enrollment.terminalId)}/heartbeat`, {
      json: {
        at: new Date().toISOString(),
        appVersion: this.options.appVersion,
        uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
        outbox: facts.outbox,
        devices: facts.devices,
      },
    });
    if (response.status === 401) return this.credentialRejected();
    if (response.status !== 200) return;
    const reply = response.body as { configEtag?: string };
    if (reply.configEtag && stripEtag(reply.configEtag) !== stripEtag(this.configSnapshot?.etag ?? '')) await this.refreshConfig();
  }

  /** Heartbeats on a timer; connectivity follows from whether they are answered. */
  startHeartbeats(intervalSeconds: number): void {
    const beat = () => {
      this.heartbeat().catch((error: unknown) => {
        if (!(error instanceof PlatformUnreachableError)) this.options.log.warn('heartbeat failed', { reason: (error as Error).message });
      });
    };
    beat();
    this.heartbeatTimer = setInterval(beat, intervalSeconds * 1000);
    this.heartbeatTimer.unref?.();
  }

  stop(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
  }

  private credentialRejected(): void {
    // 401: the credential is gone; a technician must re-enroll. Nothing queued is dropped.
    this.rejectedAt ??= new Date().toISOString();
    this.options.log.error('the platform rejected the terminal credential (401): re-enrollment needed');
  }

  private get enrollmentPath(): string {
    return join(this.options.stateDir, 'enrollment.json');
  }

  private get configPath(): string {
    return join(this.options.stateDir, 'terminal-config.json');
  }

  private notify(): void {
    for (const listener of this.changeListeners) listener();
  }
}

function problemCode(body: unknown): string {
  return typeof body === 'object' && body !== null && 'code' in body ? String((body as { code: unknown }).code) : '';
}

function stripEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '');
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Write to a temporary file, fsync, then rename: a power cut leaves the old or the new file, never half of one. */
export function writeJsonDurably(path: string, value: unknown): void {
  writeFileDurably(path, JSON.stringify(value));
}
