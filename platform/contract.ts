/**
 * The platform's own copy of the published interface, and request validators compiled from it.
 * Every request body is checked against the contract's JSON Schemas (2020-12, as OpenAPI 3.1 uses).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const CONTRACT_PATH = fileURLToPath(new URL('./contract/intake-platform.openapi.yaml', import.meta.url));
const CONTRACT_ID = 'https://contract.local/intake-platform';

export interface FieldError {
  /** JSON Pointer into the request body. */
  path: string;
  message: string;
}

/** A fresh 2020-12 validator factory, used for the contract and for the catalog's form schemas. */
export function newAjv(): Ajv2020 {
  // strict: false — the contract carries OpenAPI keywords (paths, responses…) around the schemas.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Ajv errors as `{ path, message }`, the path a JSON Pointer to the offending value (or the missing property). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let path = e.instancePath;
    if (e.keyword === 'required' && typeof e.params['missingProperty'] === 'string') {
      path += '/' + escapePointer(e.params['missingProperty']);
    } else if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
      path += '/' + escapePointer(e.params['additionalProperty']);
    }
    const message = e.message ?? e.keyword;
    const key = `${prefix}${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: prefix + path, message });
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export type BodySchema =
  | 'EnrollmentRequest'
  | 'Heartbeat'
  | 'AuditEntry'
  | 'Submission'
  | 'ProgressLookup'
  | 'QueueTicket'
  | 'Rating'
  | 'TerminalConfig'
  | 'ServiceItem'
  | 'LeaseRequest';

export interface Contract {
  /** The contract's raw bytes (the platform serves and tests compare them). */
  text: string;
  validate(schema: BodySchema, value: unknown): FieldError[];
  /** Validates against any schema in `components/schemas` (tests check responses with it). */
  validateComponent(name: string, value: unknown): FieldError[];
}

export function loadContract(path = CONTRACT_PATH): Contract {
  const text = readFileSync(path, 'utf8');
  const doc = parse(text) as Record<string, unknown>;
  const ajv = newAjv();
  ajv.addSchema({ ...doc, $id: CONTRACT_ID });
  const pointers: Record<BodySchema, string> = {
    EnrollmentRequest: '#/components/schemas/EnrollmentRequest',
    Heartbeat: '#/components/schemas/Heartbeat',
    AuditEntry: '#/components/schemas/AuditEntry',
    Submission: '#/components/schemas/Submission',
    ProgressLookup: '#/components/schemas/ProgressLookup',
    QueueTicket: '#/components/schemas/QueueTicket',
    Rating: '#/components/schemas/Rating',
    TerminalConfig: '#/components/schemas/TerminalConfig',
    ServiceItem: '#/components/schemas/ServiceItem',
    // The lease request body is declared inline on the operation.
    LeaseRequest: '#/paths/~1v1~1halls~1{hallId}~1queue~1leases/post/requestBody/content/application~1json/schema',
  };
  const identity = ajv.getSchema(CONTRACT_ID + '#/components/schemas/Identity')!;
  const organization = ajv.getSchema(CONTRACT_ID + '#/components/schemas/Organization')!;
  const validators = new Map<BodySchema, ValidateFunction>();
  for (const [name, pointer] of Object.entries(pointers) as [BodySchema, string][]) {
    const fn = ajv.getSchema(CONTRACT_ID + pointer);
    if (!fn) throw new Error(`contract: no schema at ${pointer}`);
    validators.set(name, fn);
  }
  return {
    text,
    validateComponent(name, value) {
      const fn = ajv.getSchema(`${CONTRACT_ID}#/components/schemas/${name}`);
      if (!fn) throw new Error(`contract: no schema ${name}`);
      return fn(value) ? [] : toFieldErrors(fn.errors);
    },
    validate(schema, value) {
      const fn = validators.get(schema)!;
      if (fn(value)) return [];
      const errors = fn.errors ?? [];
      // Submission.applicant is oneOf Identity | Organization: report the errors of the branch
      // its `kind` names rather than both branches' (a person is not told to supply a uscc).
      const applicant = schema === 'Submission' ? (value as { applicant?: { kind?: unknown } } | null)?.applicant : undefined;
      if (applicant && (applicant.kind === 'person' || applicant.kind === 'organization')) {
        const branch = applicant.kind === 'person' ? identity : organization;
        const rest = errors.filter((e) => !(e.instancePath === '/applicant' || e.instancePath.startsWith('/applicant/')));
        return [...toFieldErrors(rest), ...(branch(applicant) ? [] : toFieldErrors(branch.errors, '/applicant'))];
      }
      return toFieldErrors(errors);
    },
  };
}
