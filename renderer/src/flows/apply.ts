/**
 * Apply (办事): identify → fill in → materials → what is still needed (一次性告知) → review →
 * hand in (outbox first, then the receipt prints) → done. The citizen can go back a step from
 * every screen; nothing is submitted before the review is confirmed. In elderly mode the form is
 * filled a page of a few fields at a time, each page checked before the next; going back a page
 * keeps everything typed.
 *
 * Whether the terminal can take applications at all (the outbox's storage, disk, enrollment, the
 * device host) is checked as the flow starts, before the citizen identifies, and again at hand-in
 * (it can change meanwhile): a refusal at the start stops the flow before anything is read or typed.
 */
import type { PrintOutcome } from '../../../common/ipc/protocol';
import type { ServiceItem } from '../../../common/ipc/methods/citizen';
import { autofill, formFields, pageFields, validateForm, validateField, type FieldSpec, type FormValues } from './form-schema';
import { autofillSource, identifyTransition, initialIdentify, type Applicant, type ApplicantKind, type IdentifyEvent, type IdentifyMachineState } from './identify';
import { defaultProvisions, outstandingMaterials, provisionOptions, type Provision } from './materials';
import { defineMachine } from './machine';

/**
 * Fields on a page of the form in elderly mode (长辈模式: fewer items per screen), so that a page
 * fits without scrolling at the mode's larger size: three on an upright screen, two on a wide one.
 */
export function elderlyFieldsPerPage(portrait: boolean): number {
  return portrait ? 3 : 2;
}

export type ApplyStep = 'identify' | 'declined' | 'form' | 'materials' | 'outstanding' | 'review' | 'submitting' | 'printing' | 'done' | 'refused';

export interface ApplyResult {
  submissionId: string;
  localReference: string;
  receivedAt: string;
}

/** Why the terminal cannot take the application, and when that was found: as the flow started, or at hand-in. */
export interface ApplyRefusal {
  reason: string;
  message: string;
  at: 'start' | 'submit';
}

export interface ApplyState {
  step: ApplyStep;
  /** The terminal's check that it can take applications, made as the flow starts: nothing is identified before it is `open`. */
  intake: 'checking' | 'open';
  item: ServiceItem;
  fields: FieldSpec[];
  identify: IdentifyMachineState;
  applicant: Applicant | null;
  consentAt: string | null;
  values: FormValues;
  /** Fields filled from the identity (一证通办), shown as such. */
  autofilled: string[];
  /** Fields the citizen has finished with: their problems are shown. */
  touched: string[];
  /** Fields per page of the form, or null for all on one page. */
  perPage: number | null;
  /** The page of the form shown (0-based; always 0 on one page). */
  formPage: number;
  provisions: Record<string, Provision>;
  /** The local reference, allocated when the notice prints or at hand-in, whichever comes first. */
  reference: string | null;
  notice: 'idle' | 'printing' | PrintOutcome;
  result: ApplyResult | null;
  receiptPrint: PrintOutcome | null;
  refusal: ApplyRefusal | null;
}

export type ApplyEvent =
  /** The start check found the terminal can take applications (a refusal is `REFUSED`). */
  | { type: 'INTAKE_OPEN' }
  | { type: 'IDENTIFY'; event: IdentifyEvent }
  | { type: 'FIELD'; name: string; value: FormValues[string] }
  | { type: 'TOUCH'; name: string }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  /** Elderly mode came on or off, or the screen turned: the form's fields per page (null: all on one). */
  | { type: 'PAGING'; perPage: number | null }
  | { type: 'PROVIDE'; code: string; provision: Provision }
  | { type: 'PRINT_NOTICE' }
  | { type: 'NOTICE_PRINTED'; reference: string; outcome: PrintOutcome }
  | { type: 'SUBMIT' }
  | { type: 'SUBMITTED'; result: ApplyResult }
  /** The terminal cannot take the application: at hand-in, or (before it) from the start check. */
  | { type: 'REFUSED'; reason: string; message: string }
  | { type: 'RECEIPT_PRINTED'; outcome: PrintOutcome; notice?: PrintOutcome }
  | { type: 'REPRINT' };

export function initialApply(item: ServiceItem, perPage: number | null = null): ApplyState {
  const kinds = item.applicantKinds.length > 0 ? (item.applicantKinds as ApplicantKind[]) : (['person'] as ApplicantKind[]);
  return {
    step: 'identify',
    intake: 'checking',
    item,
    fields: formFields(item.form.schema, item.form.fieldOrder),
    identify: initialIdentify(kinds),
    applicant: null,
    consentAt: null,
    values: {},
    autofilled: [],
    touched: [],
    perPage,
    formPage: 0,
    provisions: defaultProvisions(item.materials),
    reference: null,
    notice: 'idle',
    result: null,
    receiptPrint: null,
    refusal: null,
  };
}

export function formProblems(state: ApplyState) {
  return validateForm(state.fields, state.values);
}

export function outstandingOf(state: ApplyState) {
  return outstandingMaterials(state.item.materials, state.provisions);
}

/** The form's pages (one page unless paged). */
export function formPages(state: ApplyState): FieldSpec[][] {
  return pageFields(state.fields, state.perPage);
}

/** The page of the form shown: its fields, its index and how many pages there are. */
export function formPageOf(state: ApplyState): { fields: FieldSpec[]; index: number; count: number } {
  const pages = formPages(state);
  const index = Math.min(Math.max(0, state.formPage), pages.length - 1);
  return { fields: pages[index]!, index, count: pages.length };
}

/** The page of the first field with a problem (0 when none has). */
function firstProblemPage(state: ApplyState): number {
  const problems = formProblems(state);
  const page = formPages(state).findIndex((fields) => fields.some((f) => problems[f.name] !== undefined));
  return Math.max(0, page);
}

/** Paging changed: stay on the page that holds the first field shown before. */
function repage(state: ApplyState, perPage: number | null): ApplyState {
  if (perPage === state.perPage) return state;
  const first = formPageOf(state).fields[0]?.name;
  const next = { ...state, perPage, formPage: 0 };
  return { ...next, formPage: Math.max(0, formPages(next).findIndex((fields) => fields.some((f) => f.name === first))) };
}

/** Steps before hand-in: a refusal from the start check ends the flow there. */
const BEFORE_HAND_IN: readonly ApplyStep[] = ['identify', 'declined', 'form', 'materials', 'outstanding', 'review'];

export function applyTransition(state: ApplyState, event: ApplyEvent): ApplyState {
  if (event.type === 'PAGING') return repage(state, event.perPage);
  if (event.type === 'INTAKE_OPEN') return state.intake === 'checking' ? { ...state, intake: 'open' } : state;
  if (event.type === 'REFUSED' && BEFORE_HAND_IN.includes(state.step)) {
    // Refused before hand-in: the flow ends here, and what was read or typed is dropped (nothing is kept half-way).
    const fresh = initialApply(state.item, state.perPage);
    return { ...fresh, intake: 'open', step: 'refused', refusal: { reason: event.reason, message: event.message, at: 'start' } };
  }
  switch (state.step) {
    case 'identify': {
      // Nothing is identified before the terminal is known to take applications.
      if (state.intake !== 'open') return state;
      if (event.type === 'BACK' && state.identify.at.step === 'person' && state.identify.chosenKind && state.identify.kinds.length > 1) {
        return { ...state, identify: { ...state.identify, chosenKind: null, at: { step: 'choose-kind' } } };
      }
      if (event.type !== 'IDENTIFY') return state;
      const identify = identifyTransition(state.identify, event.event);
      if (identify === state.identify) return state;
      if (identify.at.step === 'declined') return { ...state, identify, step: 'declined' };
      if (identify.at.step === 'done') {
        const applicant = identify.at.applicant;
        const values = autofill(state.fields, state.item.form.autofill, autofillSource(applicant));
        return { ...state, identify, step: 'form', formPage: 0, applicant, consentAt: identify.at.consentAt, values, autofilled: Object.keys(values).filter((k) => state.item.form.autofill?.[k] !== undefined), touched: [] };
      }
      return { ...state, identify };
    }
    case 'form':
      switch (event.type) {
        case 'FIELD': {
          if (!state.fields.some((f) => f.name === event.name)) return state;
          return { ...state, values: { ...state.values, [event.name]: event.value }, autofilled: state.autofilled.filter((n) => n !== event.name) };
        }
        case 'TOUCH':
          return state.touched.includes(event.name) ? state : { ...state, touched: [...state.touched, event.name] };
        case 'NEXT': {
          const page = formPageOf(state);
          const problems = formProblems(state);
          if (page.index < page.count - 1) {
            // A page at a time: this page's fields valid, or their problems shown, before the next page.
            const here = page.fields.map((f) => f.name);
            if (here.some((name) => problems[name] !== undefined)) return { ...state, touched: [...new Set([...state.touched, ...here])] };
            return { ...state, formPage: page.index + 1 };
          }
          // Guard: every field valid. Otherwise every problem is shown, with how to fix it, from the first page that has one.
          if (Object.keys(problems).length > 0) return { ...state, touched: state.fields.map((f) => f.name), formPage: firstProblemPage(state) };
          return { ...state, step: 'materials' };
        }
        case 'BACK': {
          // Back a page keeps every value; from the first page, back to identifying.
          const page = formPageOf(state);
          if (page.index > 0) return { ...state, formPage: page.index - 1 };
          // Back to identifying: the identity read so far is dropped (nothing is kept half-way).
          return { ...state, step: 'identify', applicant: null, values: {}, autofilled: [], touched: [], identify: { ...state.identify, at: { step: 'person', entry: 'wait', idDraft: '', nameDraft: '', problem: null } } };
        }
        default:
          return state;
      }
    case 'materials':
      switch (event.type) {
        case 'PROVIDE': {
          const material = state.item.materials.find((m) => m.code === event.code);
          if (!material || !provisionOptions(material).includes(event.provision)) return state;
          return { ...state, provisions: { ...state.provisions, [event.code]: event.provision } };
        }
        case 'NEXT':
          return { ...state, step: outstandingOf(state).length > 0 ? 'outstanding' : 'review' };
        case 'BACK':
          // Back into the form at its last page, as it was left.
          return { ...state, step: 'form', formPage: formPages(state).length - 1 };
        default:
          return state;
      }
    case 'outstanding':
      switch (event.type) {
        case 'PRINT_NOTICE':
          return state.notice === 'printing' ? state : { ...state, notice: 'printing' };
        case 'NOTICE_PRINTED':
          return { ...state, notice: event.outcome, reference: event.reference };
        case 'NEXT':
          return state.notice === 'printing' ? state : { ...state, step: 'review' };
        case 'BACK':
          return state.notice === 'printing' ? state : { ...state, step: 'materials' };
        default:
          return state;
      }
    case 'review':
      switch (event.type) {
        case 'SUBMIT':
          // Guard: the form must still be valid (it is, unless the catalog changed under us).
          return Object.keys(formProblems(state)).length > 0 ? { ...state, step: 'form', formPage: firstProblemPage(state) } : { ...state, step: 'submitting' };
        case 'BACK':
          return { ...state, step: outstandingOf(state).length > 0 ? 'outstanding' : 'materials' };
        default:
          return state;
      }
    case 'submitting':
      if (event.type === 'SUBMITTED') return { ...state, step: 'printing', result: event.result, reference: event.result.localReference };
      if (event.type === 'REFUSED') return { ...state, step: 'refused', refusal: { reason: event.reason, message: event.message, at: 'submit' } };
      return state;
    case 'printing':
      if (event.type === 'RECEIPT_PRINTED') return { ...state, step: 'done', receiptPrint: event.outcome, ...(event.notice ? { notice: event.notice } : {}) };
      return state;
    case 'done':
      if (event.type === 'REPRINT' && state.receiptPrint && !state.receiptPrint.printed) return { ...state, step: 'printing', receiptPrint: null };
      return state;
    case 'refused':
      // Refused at hand-in: back to the review, everything kept, to try again. Refused at the start: nothing to go back to.
      if (event.type === 'BACK' && state.refusal?.at === 'submit') return { ...state, step: 'review', refusal: null };
      return state;
    case 'declined':
      return state;
  }
}

/** The apply machine for one service item. */
export function applyMachineFor(item: ServiceItem, perPage: number | null = null) {
  return defineMachine<ApplyState, ApplyEvent>({ name: 'apply', initial: initialApply(item, perPage), transition: applyTransition });
}

/** Problems to show now: only for fields on the page shown that the citizen has finished with. */
export function visibleProblems(state: ApplyState) {
  const out: Record<string, NonNullable<ReturnType<typeof validateField>>> = {};
  for (const field of formPageOf(state).fields) {
    if (!state.touched.includes(field.name)) continue;
    const problem = validateField(field, state.values[field.name]);
    if (problem) out[field.name] = problem;
  }
  return out;
}

/** Whether the notice (一次性告知书) still has to print with the receipt: it prints once. */
export function noticeStillToPrint(state: ApplyState): boolean {
  return outstandingOf(state).length > 0 && !(typeof state.notice === 'object' && state.notice.printed);
}

/**
 * Identity is shown masked except where the citizen must check it. The review is where they check
 * what is handed in, so every value of the form — typed, or pre-filled from the card — is shown in
 * full there (ID numbers included). The applicant panel above it shows in full the name and ID
 * number the form repeats (the same value, checked together: masking one copy would hide nothing
 * and only confuse) and keeps masked what the form does not repeat: that identity was checked when
 * the card was read, and is there only to say who applies (an organisation's agent, say).
 */
export function reviewInFull(state: Pick<ApplyState, 'applicant' | 'fields' | 'values'>): { name: boolean; idNumber: boolean } {
  const applicant = state.applicant;
  if (!applicant) return { name: false, idNumber: false };
  const person = applicant.kind === 'person' ? applicant : applicant.agent;
  const shown = state.fields.map((f) => state.values[f.name]).filter((v): v is string => typeof v === 'string' && v !== '');
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  return { name: shown.some((v) => same(v, person.name)), idNumber: shown.some((v) => same(v, person.idNumber)) };
}
