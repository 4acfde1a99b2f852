/**
 * Forms generated from a service item's JSON Schema (2020-12), without ajv: ajv compiles with
 * `new Function`, which the page's CSP forbids. This is the subset the catalog's forms use —
 * an object of string / integer / boolean properties with title, description, required,
 * minLength / maxLength, pattern, format "date", enum, oneOf of {const, title}, minimum / maximum,
 * default — and every message says how to fix the value, not only what is wrong.
 */
import { checkIdNumber } from '../../../common/identity/check-digits';
import type { KeyboardMode } from '../components/keyboard';

export type FieldKind = 'text' | 'choice' | 'boolean' | 'integer' | 'date';

export interface FieldOption {
  value: string | number | boolean;
  label: string;
}

export interface FieldSpec {
  name: string;
  title: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  options?: FieldOption[];
  default?: unknown;
  /** The on-screen keyboard that suits the field. */
  keyboard: KeyboardMode;
}

export type FieldProblem =
  | { code: 'required' }
  | { code: 'too-short'; min: number }
  | { code: 'too-long'; max: number }
  | { code: 'id-number'; problem: 'length' | 'characters' | 'birth-date' | 'check-digit' }
  | { code: 'phone' }
  | { code: 'year-month' }
  | { code: 'date' }
  | { code: 'bank-account' }
  | { code: 'pattern' }
  | { code: 'integer'; min?: number; max?: number }
  | { code: 'choice' };

export type FormValues = Record<string, string | number | boolean | undefined>;

type JsonSchema = Record<string, unknown>;

const ID_PATTERN = /^\^\[0-9\]\{17\}\[0-9Xx\]\$$/;
const PHONE_PATTERN = '^1[3-9][0-9]{9}$';
const YEAR_MONTH = /\[0-9\]\{4\}-\(0\[1-9\]\|1\[0-2\]\)/;
const BANK_ACCOUNT = /^\^\[0-9\]\{\d+,\d+\}\$$/;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function keyboardFor(spec: Omit<FieldSpec, 'keyboard'>): KeyboardMode {
  if (spec.kind === 'integer') return 'digits';
  // Dates and year-months need '-': the digits keyboard has it (the numeric keypad has only '.').
  if (spec.kind === 'date') return 'digits';
  const pattern = spec.pattern ?? '';
  if (ID_PATTERN.test(pattern) || /^\^\[0-9\]\{17\}\[0-9X\]/.test(pattern)) return 'id-number';
  if (pattern === PHONE_PATTERN) return 'phone';
  if (YEAR_MONTH.test(pattern)) return 'digits';
  if (BANK_ACCOUNT.test(pattern)) return 'digits';
  if (pattern.startsWith('^[A-Z0-9') || pattern.startsWith('^[0-9A-') || pattern.startsWith('^[A-Z]')) return 'letters';
  return 'pinyin';
}

/** The fields of a form schema, in `fieldOrder` first, then any others in schema order. */
export function formFields(schema: JsonSchema, fieldOrder?: readonly string[]): FieldSpec[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const names = [...(fieldOrder ?? []).filter((n) => n in properties), ...Object.keys(properties).filter((n) => !(fieldOrder ?? []).includes(n))];
  return names.map((name) => {
    const p = properties[name]!;
    const type = str(p.type);
    let kind: FieldKind = 'text';
    let options: FieldOption[] | undefined;
    if (Array.isArray(p.oneOf)) {
      kind = 'choice';
      options = (p.oneOf as JsonSchema[]).filter((o) => 'const' in o).map((o) => ({ value: o.const as string, label: str(o.title) ?? String(o.const) }));
    } else if (Array.isArray(p.enum)) {
      kind = 'choice';
      options = (p.enum as (string | number)[]).map((v) => ({ value: v, label: String(v) }));
    } else if (type === 'boolean') kind = 'boolean';
    else if (type === 'integer' || type === 'number') kind = 'integer';
    else if (str(p.format) === 'date') kind = 'date';
    const base: Omit<FieldSpec, 'keyboard'> = {
      name,
      title: str(p.title) ?? name,
      kind,
      required: required.has(name),
      ...(str(p.description) ? { description: str(p.description) } : {}),
      ...(num(p.minLength) !== undefined ? { minLength: num(p.minLength) } : {}),
      ...(num(p.maxLength) !== undefined ? { maxLength: num(p.maxLength) } : {}),
      ...(str(p.pattern) ? { pattern: str(p.pattern) } : {}),
      ...(num(p.minimum) !== undefined ? { minimum: num(p.minimum) } : {}),
      ...(num(p.maximum) !== undefined ? { maximum: num(p.maximum) } : {}),
      ...(options ? { options } : {}),
      ...('default' in p ? { default: p.default } : {}),
    };
    return { ...base, keyboard: keyboardFor(base) };
  });
}

function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why a value is not acceptable for a field, or null when it is. Empty optional fields are fine. */
export function validateField(field: FieldSpec, value: FormValues[string]): FieldProblem | null {
  const empty = value === undefined || value === '';
  if (empty) return field.required && field.kind !== 'boolean' ? { code: 'required' } : null;
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : { code: 'choice' };
    case 'choice':
      return field.options?.some((o) => o.value === value) ? null : { code: 'choice' };
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(n)) return { code: 'integer', min: field.minimum, max: field.maximum };
      if ((field.minimum !== undefined && n < field.minimum) || (field.maximum !== undefined && n > field.maximum)) return { code: 'integer', min: field.minimum, max: field.maximum };
      return null;
    }
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? null : { code: 'date' };
    case 'text': {
      const text = String(value);
      const length = [...text].length;
      if (field.minLength !== undefined && length < field.minLength) return { code: 'too-short', min: field.minLength };
      if (field.maxLength !== undefined && length > field.maxLength) return { code: 'too-long', max: field.maxLength };
      if (field.pattern) {
        let re: RegExp;
        try {
          re = new RegExp(field.pattern, 'u');
        } catch {
          return null;
        }
        if (field.keyboard === 'id-number' && ID_PATTERN.test(field.pattern)) {
          const check = checkIdNumber(text);
          return check.ok ? null : { code: 'id-number', problem: check.problem };
        }
        if (!re.test(text)) {
          if (field.pattern === PHONE_PATTERN) return { code: 'phone' };
          if (YEAR_MONTH.test(field.pattern)) return { code: 'year-month' };
          if (BANK_ACCOUNT.test(field.pattern)) return { code: 'bank-account' };
          return { code: 'pattern' };
        }
      }
      return null;
    }
  }
}

/** Every field's problem; an empty object means the form is valid. */
export function validateForm(fields: readonly FieldSpec[], values: FormValues): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const field of fields) {
    const problem = validateField(field, values[field.name]);
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/** The identity facts a form may be filled from (一证通办). */
export interface AutofillSource {
  name?: string;
  idNumber?: string;
  sex?: string;
  nation?: string;
  birthDate?: string;
  address?: string;
  phone?: string;
  uscc?: string;
  organizationName?: string;
}

/** Values taken from the identity, per the item's `form.autofill` map; only fields that exist and validate are filled. */
export function autofill(fields: readonly FieldSpec[], map: Record<string, string> | undefined, source: AutofillSource): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const from = map?.[field.name] as keyof AutofillSource | undefined;
    const value = from ? source[from] : undefined;
    if (value !== undefined && value !== '' && validateField(field, value) === null) values[field.name] = value;
    else if (field.default !== undefined && (typeof field.default === 'string' || typeof field.default === 'number' || typeof field.default === 'boolean')) values[field.name] = field.default;
  }
  return values;
}

/** The form as the platform expects it: integers as numbers, empty optionals left out. */
export function formPayload(fields: readonly FieldSpec[], values: FormValues): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === '') continue;
    if (field.kind === 'integer') out[field.name] = typeof value === 'number' ? value : Number(value);
    else if (field.kind === 'text' && field.keyboard === 'id-number' && typeof value === 'string') out[field.name] = value.toUpperCase();
    else out[field.name] = value;
  }
  return out;
}

/**
 * The fields a page at a time (elderly mode: fewer items per screen): at most `perPage` on a page,
 * the pages as even as possible (7 by 3 → 3, 2, 2), in form order. `null` keeps them on one page.
 */
export function pageFields<T>(fields: readonly T[], perPage: number | null): T[][] {
  if (perPage === null || perPage < 1 || fields.length <= perPage) return [fields.slice()];
  const count = Math.ceil(fields.length / perPage);
  const pages: T[][] = [];
  let at = 0;
  for (let page = 0; page < count; page += 1) {
    const size = Math.floor(fields.length / count) + (page < fields.length % count ? 1 : 0);
    pages.push(fields.slice(at, at + size));
    at += size;
  }
  return pages;
}

/** The label shown for a value (a choice's title, yes/no for booleans). */
export function displayValue(field: FieldSpec, value: FormValues[string], yesNo: { yes: string; no: string }): string {
  if (value === undefined || value === '') return '';
  if (field.kind === 'choice') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.kind === 'boolean') return value ? yesNo.yes : yesNo.no;
  return String(value);
}
