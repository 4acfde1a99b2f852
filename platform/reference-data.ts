/**
 * The hall's reference data: the catalog (platform/demo/catalog.json), the terminal configuration
 * (platform/demo/hall.json) and the appointments (platform/demo/appointments.json). Files are
 * re-read when they change on disk, so a demo can edit them and watch terminals refetch.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import type { Contract } from './contract';
import { newAjv } from './contract';
import { rfc3339 } from './time';
import { maskName } from '../common/identity/mask';

export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('./demo/catalog.json', import.meta.url));
export const DEFAULT_HALL_PATH = fileURLToPath(new URL('./demo/hall.json', import.meta.url));
export const DEFAULT_APPOINTMENTS_PATH = fileURLToPath(new URL('./demo/appointments.json', import.meta.url));

export interface MaterialRequirement {
  code: string;
  name: string;
  necessity: 'required' | 'conditional' | 'tolerated';
  copies: number;
  licenceType?: string;
  commitmentAllowed?: boolean;
}

export interface ServiceItem {
  code: string;
  name: string;
  timeLimit: { promisedWorkingDays: number };
  materials: MaterialRequirement[];
  form: { schema: Record<string, unknown> };
  kiosk: { canSubmit: boolean; queueCategory: string };
  [key: string]: unknown;
}

export interface QueueCategory {
  code: string;
  name: string;
  prefix: string;
  serviceCodes?: string[];
  /** Extension of the demo hall file: the pace of the simulated windows (default 6). */
  averageServiceMinutes?: number;
}

export interface TerminalConfig {
  hallId: string;
  hallName: string;
  queueCategories: QueueCategory[];
  [key: string]: unknown;
}

export interface Served<T> {
  value: T;
  /** The exact bytes served. */
  bytes: Buffer;
  /** Strong ETag, with quotes. */
  etag: string;
}

export interface CatalogView extends Served<{ version: string; generatedAt: string; items: ServiceItem[]; themes?: unknown[] }> {
  byCode: Map<string, ServiceItem>;
  formValidator(code: string): ValidateFunction;
}

export interface Appointment {
  appointmentId: string;
  code: string;
  serviceCode?: string;
  category: string;
  slotStart: Date;
  slotEnd: Date;
  applicantMasked?: string;
  cancelled: boolean;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function served<T>(value: T): Served<T> {
  const bytes = Buffer.from(JSON.stringify(value));
  return { value, bytes, etag: `"${sha256(bytes)}"` };
}

/** Re-reads a file when its modification time or size changes. */
class FileCache<T> {
  private stamp = '';
  private cached: T | undefined;
  constructor(
    private readonly path: string,
    private readonly load: (text: string | undefined, mtime: Date | undefined) => T,
  ) {}

  get(): T {
    let stamp = 'absent';
    let mtime: Date | undefined;
    if (existsSync(this.path)) {
      const st = statSync(this.path);
      stamp = `${st.mtimeMs}:${st.size}`;
      mtime = st.mtime;
    }
    if (this.cached === undefined || stamp !== this.stamp) {
      const text = mtime ? readFileSync(this.path, 'utf8') : undefined;
      try {
        this.cached = this.load(text, mtime);
      } catch (err) {
        // Keep serving the last good version when an edit breaks the file.
        if (this.cached === undefined) throw err;
        console.error(`platform: ignoring invalid ${this.path}: ${(err as Error).message}`);
      }
      this.stamp = stamp;
    }
    return this.cached!;
  }
}

export interface ReferenceData {
  catalog(): CatalogView;
  config(): Served<TerminalConfig>;
  appointments(): Appointment[];
}

export interface ReferencePaths {
  catalogPath: string;
  hallPath: string;
  appointmentsPath: string;
  /** The instant relative appointment slots (`slotOffsetMinutes`) count from. */
  appointmentsBase: Date;
}

export function loadReferenceData(contract: Contract, paths: ReferencePaths): ReferenceData {
  const catalog = new FileCache<CatalogView>(paths.catalogPath, (text, mtime) => {
    if (text === undefined) throw new Error(`catalog file not found: ${paths.catalogPath}`);
    const raw = JSON.parse(text) as { items?: unknown; themes?: unknown };
    if (!Array.isArray(raw.items)) throw new Error(`${paths.catalogPath}: expected { "items": [...] }`);
    const items = raw.items as ServiceItem[];
    const formAjv = newAjv();
    const validators = new Map<string, ValidateFunction>();
    items.forEach((item, i) => {
      const errors = contract.validate('ServiceItem', item);
      if (errors.length > 0) throw new Error(`${paths.catalogPath}: item ${i}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
      validators.set(item.code, formAjv.compile(item.form.schema));
    });
    const themes = Array.isArray(raw.themes) ? raw.themes : undefined;
    const content = JSON.stringify({ items, themes });
    const value = {
      version: sha256(content).slice(0, 16),
      generatedAt: rfc3339(mtime ?? new Date(0)),
      items,
      ...(themes ? { themes } : {}),
    };
    return {
      ...served(value),
      byCode: new Map(items.map((item) => [item.code, item])),
      formValidator: (code) => validators.get(code)!,
    };
  });

  const config = new FileCache<Served<TerminalConfig>>(paths.hallPath, (text) => {
    if (text === undefined) throw new Error(`hall configuration not found: ${paths.hallPath}`);
    const value = JSON.parse(text) as TerminalConfig;
    const errors = contract.validate('TerminalConfig', value);
    if (errors.length > 0) throw new Error(`${paths.hallPath}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    return served(value);
  });

  const appointments = new FileCache<Appointment[]>(paths.appointmentsPath, (text) => {
    if (text === undefined) return [];
    const raw = JSON.parse(text) as unknown;
    const list = Array.isArray(raw) ? raw : Array.isArray((raw as { appointments?: unknown }).appointments) ? (raw as { appointments: unknown[] }).appointments : [];
    const base = paths.appointmentsBase.getTime() - (paths.appointmentsBase.getTime() % 60_000);
    return list.map((entry, i): Appointment => {
      const a = entry as Record<string, unknown>;
      if (typeof a['code'] !== 'string' || typeof a['category'] !== 'string') throw new Error(`${paths.appointmentsPath}: entry ${i} needs code and category`);
      const slotStart =
        typeof a['slotStart'] === 'string' ? new Date(a['slotStart']) : new Date(base + Number(a['slotOffsetMinutes'] ?? 0) * 60_000);
      const slotEnd =
        typeof a['slotEnd'] === 'string' ? new Date(a['slotEnd']) : new Date(slotStart.getTime() + Number(a['durationMinutes'] ?? 30) * 60_000);
      const name = typeof a['applicantName'] === 'string' ? a['applicantName'] : undefined;
      return {
        appointmentId: typeof a['appointmentId'] === 'string' ? a['appointmentId'] : `appt-${a['code']}`,
        code: a['code'],
        ...(typeof a['serviceCode'] === 'string' ? { serviceCode: a['serviceCode'] } : {}),
        category: a['category'],
        slotStart,
        slotEnd,
        ...(name ? { applicantMasked: maskName(name) } : typeof a['applicantMasked'] === 'string' ? { applicantMasked: a['applicantMasked'] } : {}),
        cancelled: a['status'] === 'cancelled',
      };
    });
  });

  // Fail at start, not at the first request, when a file is missing or invalid.
  catalog.get();
  config.get();
  appointments.get();
  return { catalog: () => catalog.get(), config: () => config.get(), appointments: () => appointments.get() };
}

/** An ETag value as compared by terminals: without `W/` and quotes. */
export function bareEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Whether an If-None-Match header matches the current ETag (weak comparison, RFC 9110 §13.1.2). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const current = bareEtag(etag);
  return header.split(',').some((tag) => bareEtag(tag.trim()) === current);
}
