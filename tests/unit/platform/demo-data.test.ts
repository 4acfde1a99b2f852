/**
 * The local intake platform's demo data (platform/demo/*.json) against the published contract,
 * and against the rules a real 实施清单 follows: valid codes, forms the kiosk can render and
 * pre-fill (一证通办), queue categories that exist, and staff credentials that verify offline.
 */
import { createHash, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import type { AnySchema, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { checkIdNumber, checkUscc } from '../../../common/identity/check-digits';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const demo = (file: string): unknown => JSON.parse(readFileSync(`${repoRoot}platform/demo/${file}`, 'utf8')) as unknown;

/** The platform's copy of the contract when it has one, else the shared one next to the repository. */
function contractPath(): string {
  const candidates = [
    `${repoRoot}platform/contract/intake-platform.openapi.yaml`,
    `${repoRoot}../shared/contracts/intake-platform.openapi.yaml`,
    '/work/shared/contracts/intake-platform.openapi.yaml',
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`contract not found in ${candidates.join(', ')}`);
  return found;
}

// ---- shapes of the demo files (only what the checks read) ----------------------------------
interface Material {
  code: string;
  name: string;
  necessity: 'required' | 'conditional' | 'tolerated';
  condition?: string;
  copies: number;
  licenceType?: string;
  commitmentAllowed?: boolean;
}
interface FormSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, { title?: string }>;
  additionalProperties?: boolean;
}
interface Item {
  code: string;
  baseCode?: string;
  name: string;
  type: string;
  department: string;
  keywords?: string[];
  applicantKinds: string[];
  timeLimit: { legalWorkingDays?: number; promisedWorkingDays: number };
  onsiteVisits?: number;
  materials: Material[];
  form: { schema: FormSchema; fieldOrder?: string[]; autofill?: Record<string, string> };
  guide: { summary: string; steps: string[]; faq?: { q: string; a: string }[]; phone?: string };
  kiosk: { canSubmit: boolean; queueCategory: string; instant?: boolean };
}
interface Catalog {
  items: Item[];
  themes?: { code: string; name: string; itemCodes: string[] }[];
}
interface Hall {
  hallId: string;
  hallName: string;
  hotline?: string;
  idleResetSeconds: number;
  openingHours?: string;
  staff?: { staffId: string; name: string; roles: string[]; pinHash?: string; cardHash?: string }[];
  queueCategories: { code: string; name: string; prefix: string; serviceCodes?: string[] }[];
}
interface DemoAppointment {
  code: string;
  appointmentId: string;
  serviceCode: string;
  category: string;
  slotOffsetMinutes: number;
  durationMinutes: number;
  applicantName: string;
  status: string;
}

const catalog = demo('catalog.json') as Catalog;
const hall = demo('hall.json') as Hall;
const appointments = demo('appointments.json') as DemoAppointment[];
const itemsByCode = new Map(catalog.items.map((i) => [i.code, i]));

/** The demo credentials documented in platform/demo/README.md. */
const DOCUMENTED_STAFF: Record<string, { pin: string; idNumber?: string }> = {
  'TH-T01': { pin: '246810', idNumber: '440106198504122135' },
  'TH-M01': { pin: '135790', idNumber: '440104198809230468' },
  'TH-A01': { pin: '864209', idNumber: '440111199602051284' },
  'TH-A02': { pin: '520134' },
};

/** 事项类型代码 inside the 基本编码 (positions 3–4) for each contract type. */
const TYPE_CODES: Record<string, string[]> = {
  'administrative-licensing': ['01'],
  'administrative-payment': ['05'],
  'administrative-confirmation': ['07'],
  'administrative-award': ['08'],
  'administrative-ruling': ['09'],
  'other-administrative': ['10'],
  'public-service': ['20'],
};

const CHINESE = /[\u4e00-\u9fff]/;

function newAjv(strict: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict });
  addFormats(ajv);
  return ajv;
}

/**
 * The contract's component schemas as one 2020-12 schema resource: `components.schemas` become
 * `$defs`, and the OpenAPI `#/components/schemas/X` references are rewritten to `#/$defs/X`.
 */
function contractValidators(): { serviceItem: ValidateFunction; terminalConfig: ValidateFunction; appointment: ValidateFunction } {
  const doc = parse(readFileSync(contractPath(), 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<string, unknown>;
  // Not strict: a few one-line YAML descriptions contain commas (`{ description: Who issues it, e.g. … }`),
  // which YAML reads as extra keys with null values; Ajv would reject those as unknown keywords.
  const ajv = newAjv(false);
  ajv.addSchema({ $id: 'urn:intake-platform:contract', $defs: defs } as AnySchema);
  const get = (name: string): ValidateFunction => {
    const fn = ajv.getSchema(`urn:intake-platform:contract#/$defs/${name}`);
    if (!fn) throw new Error(`no ${name} in the contract`);
    return fn;
  };
  return { serviceItem: get('ServiceItem'), terminalConfig: get('TerminalConfig'), appointment: get('Appointment') };
}

const contract = contractValidators();
const errorsOf = (fn: ValidateFunction, value: unknown): string[] =>
  fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);

/** What a kiosk search box does with a query: substring of the name or of any keyword, case-insensitive. */
function search(query: string): Item[] {
  const q = query.toLowerCase();
  return catalog.items.filter((i) => i.name.toLowerCase().includes(q) || (i.keywords ?? []).some((k) => k.toLowerCase().includes(q)));
}

describe('demo catalog against the contract', () => {
  it('has a realistic number of items across departments', () => {
    expect(catalog.items.length).toBeGreaterThanOrEqual(14);
    expect(new Set(catalog.items.map((i) => i.department)).size).toBeGreaterThanOrEqual(7);
  });

  it.each(catalog.items.map((i) => [i.name, i] as const))('%s is a valid ServiceItem', (_name, item) => {
    expect(errorsOf(contract.serviceItem, item)).toEqual([]);
  });

  it('has unique item codes', () => {
    expect(itemsByCode.size).toBe(catalog.items.length);
  });
});

describe('实施编码 and 基本编码', () => {
  it.each(catalog.items.map((i) => [i.name, i] as const))('%s has a 31-character code with a valid USCC prefix', (_name, item) => {
    expect(item.code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}[1-7][0-9]{12}$/);
    expect(checkUscc(item.code.slice(0, 18))).toEqual({ kind: 'valid' });
    expect(item.baseCode).toBeDefined();
    expect(item.baseCode).toHaveLength(12);
    expect(item.code.slice(19)).toBe(item.baseCode);
    expect(TYPE_CODES[item.type]).toContain(item.baseCode!.slice(2, 4));
  });

  it('uses one USCC per department', () => {
    const byDept = new Map<string, Set<string>>();
    for (const item of catalog.items) {
      const set = byDept.get(item.department) ?? new Set<string>();
      set.add(item.code.slice(0, 18));
      byDept.set(item.department, set);
    }
    for (const [dept, set] of byDept) expect(set.size, dept).toBe(1);
  });

  it('numbers materials as 实施编码 + a 3-digit sequence', () => {
    for (const item of catalog.items) {
      item.materials.forEach((m, k) => expect(m.code).toBe(item.code + String(k + 1).padStart(3, '0')));
    }
  });
});

describe('materials', () => {
  it.each(catalog.items.map((i) => [i.name, i] as const))('%s lists 2–6 materials, conditions stated', (_name, item) => {
    expect(item.materials.length).toBeGreaterThanOrEqual(2);
    expect(item.materials.length).toBeLessThanOrEqual(6);
    for (const m of item.materials) {
      expect(m.name).toMatch(CHINESE);
      if (m.necessity === 'conditional') expect(m.condition, m.name).toMatch(CHINESE);
    }
  });

  it('uses 容缺, 告知承诺 and 电子证照 somewhere', () => {
    const all = catalog.items.flatMap((i) => i.materials);
    expect(all.some((m) => m.necessity === 'tolerated')).toBe(true);
    expect(all.some((m) => m.commitmentAllowed === true)).toBe(true);
    const licences = new Set(all.map((m) => m.licenceType).filter((t): t is string => t !== undefined));
    for (const t of ['居民身份证', '居民户口簿', '结婚证', '营业执照']) expect(licences).toContain(t);
  });
});

describe('forms', () => {
  const formAjv = newAjv(true);

  it.each(catalog.items.map((i) => [i.name, i] as const))('%s has a small, closed form that compiles', (_name, item) => {
    const schema = item.form.schema;
    expect(() => formAjv.compile(schema as AnySchema)).not.toThrow();
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    const props = Object.keys(schema.properties ?? {});
    expect(props.length).toBeGreaterThanOrEqual(3);
    expect(props.length).toBeLessThanOrEqual(7);
    for (const r of schema.required ?? []) expect(props).toContain(r);
    for (const p of props) expect(schema.properties![p]!.title, p).toMatch(CHINESE);
  });

  it.each(catalog.items.map((i) => [i.name, i] as const))('%s: fieldOrder and autofill name form properties only', (_name, item) => {
    const props = Object.keys(item.form.schema.properties ?? {});
    expect(item.form.fieldOrder).toBeDefined();
    for (const f of item.form.fieldOrder!) expect(props).toContain(f);
    expect(new Set(item.form.fieldOrder).size).toBe(item.form.fieldOrder!.length);
    for (const key of Object.keys(item.form.autofill ?? {})) expect(props).toContain(key);
  });

  it('pre-fills most of each form from the identity (一证通办)', () => {
    for (const item of catalog.items) {
      expect(Object.keys(item.form.autofill ?? {}).length, item.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('accepts a well-filled 社保证明 form and rejects a bad phone number or an extra field', () => {
    const item = search('sbzm')[0]!;
    const validate = formAjv.compile(item.form.schema as AnySchema);
    const good = { applicantName: '张伟明', idNumber: '44010619910718357X', startMonth: '2023-01', endMonth: '2024-12', purpose: 'school', phone: '13800138000' };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, phone: '12345' })).toBe(false);
    expect(validate({ ...good, note: 'x' })).toBe(false);
  });
});

describe('guides and kiosk', () => {
  it.each(catalog.items.map((i) => [i.name, i] as const))('%s has a Chinese guide with steps and FAQ', (_name, item) => {
    expect(item.name).toMatch(CHINESE);
    expect(item.guide.summary).toMatch(CHINESE);
    expect(item.guide.steps.length).toBeGreaterThanOrEqual(2);
    expect(item.guide.faq?.length ?? 0).toBeGreaterThanOrEqual(2);
    for (const qa of item.guide.faq ?? []) {
      expect(qa.q).toMatch(CHINESE);
      expect(qa.a).toMatch(CHINESE);
    }
  });

  it('routes every item to a queue category of the hall, both ways', () => {
    const categories = new Map(hall.queueCategories.map((c) => [c.code, c]));
    for (const item of catalog.items) {
      const category = categories.get(item.kiosk.queueCategory);
      expect(category, item.name).toBeDefined();
      expect(category!.serviceCodes ?? [], item.name).toContain(item.code);
    }
    for (const c of hall.queueCategories) {
      for (const code of c.serviceCodes ?? []) expect(itemsByCode.get(code)?.kiosk.queueCategory, code).toBe(c.code);
    }
  });

  it('has window-only items, 即办 items and items that are 即办 at the terminal', () => {
    expect(catalog.items.some((i) => !i.kiosk.canSubmit)).toBe(true);
    expect(catalog.items.some((i) => i.timeLimit.promisedWorkingDays === 0)).toBe(true);
    expect(catalog.items.some((i) => i.kiosk.instant === true)).toBe(true);
    for (const i of catalog.items) {
      if (i.kiosk.instant) expect(i.timeLimit.promisedWorkingDays, i.name).toBe(0);
      if (i.timeLimit.legalWorkingDays !== undefined) expect(i.timeLimit.promisedWorkingDays, i.name).toBeLessThanOrEqual(i.timeLimit.legalWorkingDays);
    }
  });

  it('finds 社会保险参保缴费证明 by the pinyin initials sbzm', () => {
    const hits = search('sbzm');
    expect(hits.map((i) => i.name)).toContainEqual(expect.stringContaining('社会保险参保缴费证明'));
    expect(search('SBZM')).toEqual(hits);
    expect(search('shebao').length).toBeGreaterThanOrEqual(1);
  });
});

describe('一件事 themes', () => {
  it('has at least three themes whose items exist', () => {
    expect(catalog.themes?.length ?? 0).toBeGreaterThanOrEqual(3);
    for (const t of catalog.themes ?? []) {
      expect(t.name).toMatch(/一件事$/);
      expect(t.itemCodes.length, t.name).toBeGreaterThanOrEqual(2);
      for (const code of t.itemCodes) expect(itemsByCode.has(code), `${t.name}: ${code}`).toBe(true);
    }
    expect(new Set(catalog.themes!.map((t) => t.code)).size).toBe(catalog.themes!.length);
  });
});

describe('demo hall configuration', () => {
  it('is a valid TerminalConfig', () => {
    expect(errorsOf(contract.terminalConfig, hall)).toEqual([]);
    expect(hall.idleResetSeconds).toBe(120);
    expect(hall.hotline).toBe('12345');
    expect(hall.openingHours).toContain('24 小时自助服务区');
  });

  it('has 4–6 queue categories with distinct codes and prefixes', () => {
    expect(hall.queueCategories.length).toBeGreaterThanOrEqual(4);
    expect(hall.queueCategories.length).toBeLessThanOrEqual(6);
    expect(new Set(hall.queueCategories.map((c) => c.code)).size).toBe(hall.queueCategories.length);
    expect(new Set(hall.queueCategories.map((c) => c.prefix)).size).toBe(hall.queueCategories.length);
  });

  it('has a technician, a hall manager and an assistant', () => {
    const roles = new Set((hall.staff ?? []).flatMap((s) => s.roles));
    for (const r of ['technician', 'hall-manager', 'assistant']) expect(roles).toContain(r);
    expect(new Set((hall.staff ?? []).map((s) => s.staffId)).size).toBe(hall.staff?.length);
  });

  it('stores PINs as scrypt hashes that verify against the documented demo PINs', () => {
    for (const s of hall.staff ?? []) {
      const documented = DOCUMENTED_STAFF[s.staffId];
      expect(documented, s.staffId).toBeDefined();
      const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(s.pinHash ?? '');
      expect(m, s.staffId).not.toBeNull();
      const [, n, r, p, saltB64, hashB64] = m!;
      expect([Number(n), Number(r), Number(p)]).toEqual([16384, 8, 1]);
      const salt = Buffer.from(saltB64!, 'base64');
      const hash = Buffer.from(hashB64!, 'base64');
      expect(salt).toHaveLength(16);
      expect(hash).toHaveLength(32);
      const derive = (pin: string) => scryptSync(pin, salt, hash.length, { N: Number(n), r: Number(r), p: Number(p) });
      expect(timingSafeEqual(derive(documented!.pin), hash), s.staffId).toBe(true);
      expect(timingSafeEqual(derive('000000'), hash)).toBe(false);
    }
  });

  it('stores card hashes of valid, invented ID numbers', () => {
    const withCards = (hall.staff ?? []).filter((s) => s.cardHash !== undefined);
    expect(withCards.length).toBeGreaterThanOrEqual(3);
    for (const s of withCards) {
      const id = DOCUMENTED_STAFF[s.staffId]?.idNumber;
      expect(id, s.staffId).toBeDefined();
      expect(checkIdNumber(id!)).toEqual({ ok: true });
      expect(s.cardHash).toBe(createHash('sha256').update(`${hall.hallId}:${id}`).digest('hex'));
    }
  });
});

describe('demo appointments', () => {
  it('has 4–6 appointments for items and categories that exist', () => {
    expect(appointments.length).toBeGreaterThanOrEqual(4);
    expect(appointments.length).toBeLessThanOrEqual(6);
    const categories = new Set(hall.queueCategories.map((c) => c.code));
    for (const a of appointments) {
      expect(a.code).toMatch(/^YY-[A-Za-z0-9-]{2,37}$/);
      expect(categories.has(a.category), a.code).toBe(true);
      expect(itemsByCode.get(a.serviceCode)?.kiosk.queueCategory, a.code).toBe(a.category);
      expect(['booked', 'cancelled']).toContain(a.status);
      expect(a.applicantName).toMatch(CHINESE);
      expect(a.durationMinutes).toBe(30);
    }
    expect(new Set(appointments.map((a) => a.code)).size).toBe(appointments.length);
    expect(new Set(appointments.map((a) => a.appointmentId)).size).toBe(appointments.length);
  });

  it('covers past, soon and far slots and a cancellation', () => {
    const offsets = appointments.map((a) => a.slotOffsetMinutes);
    expect(offsets.some((o) => o + 30 < 0)).toBe(true);
    expect(offsets.some((o) => o >= -30 && o <= 30)).toBe(true);
    expect(offsets.some((o) => o >= 24 * 60)).toBe(true);
    expect(appointments.some((a) => a.status === 'cancelled')).toBe(true);
  });

  it('becomes valid contract Appointments once slots are placed in time', () => {
    const now = Date.parse('2025-06-02T10:00:00+08:00');
    for (const a of appointments) {
      const start = new Date(now + a.slotOffsetMinutes * 60_000);
      const wire = {
        appointmentId: a.appointmentId,
        code: a.code,
        serviceCode: a.serviceCode,
        category: a.category,
        slotStart: start.toISOString(),
        slotEnd: new Date(start.getTime() + a.durationMinutes * 60_000).toISOString(),
        applicantMasked: `${a.applicantName.slice(0, 1)}*`,
        status: a.status,
      };
      expect(errorsOf(contract.appointment, wire), a.code).toEqual([]);
    }
  });
});

describe('demo README', () => {
  const readme = readFileSync(`${repoRoot}platform/demo/README.md`, 'utf8');

  it('documents only valid identity numbers and credit codes', () => {
    const ids = readme.match(/\b[0-9]{17}[0-9X]\b/g) ?? [];
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of ids) expect(checkIdNumber(id), id).toEqual({ ok: true });
    const usccs = readme.match(/\b9[0-9A-HJ-NPQRTUWXY]{17}\b/g)?.filter((c) => /[A-Z]/.test(c)) ?? [];
    expect(usccs.length).toBeGreaterThanOrEqual(1);
    for (const c of usccs) expect(checkUscc(c), c).toEqual({ kind: 'valid' });
  });

  it('documents every staff PIN and every appointment code', () => {
    for (const [staffId, { pin }] of Object.entries(DOCUMENTED_STAFF)) {
      expect(readme).toContain(staffId);
      expect(readme).toContain(pin);
    }
    for (const a of appointments) expect(readme).toContain(a.code);
  });
});
