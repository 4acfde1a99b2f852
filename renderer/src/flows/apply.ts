/**
 * Apply (办事): identify → fill in → materials → what is still needed (一次性告知) → review →
 * hand in (outbox first, then the receipt prints) → done. The citizen can go back a step from
 * every screen; nothing is submitted before the review is confirmed. In elderly mode the form is
 * filled a page of a few fields at a time, each page checked before the next; going back a page
 * keeps everything typed.
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

export interface ApplyState {
  step: ApplyStep;
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
  refusal: { reason: string; message: string } | null;
}

export type ApplyEvent =
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
  | { type: 'REFUSED'; reason: string; message: string }
  | { type: 'RECEIPT_PRINTED'; outcome: PrintOutcome; notice?: PrintOutcome }
  | { type: 'REPRINT' };

export function initialApply(item: ServiceItem, perPage: number | null = null): ApplyState {
  const kinds = item.applicantKinds.length > 0 ? (item.applicantKinds as ApplicantKind[]) : (['person'] as ApplicantKind[]);
  return {
    step: 'identify',
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

export function applyTransition(state: ApplyState, event: ApplyEvent): ApplyState {
  if (event.type === 'PAGING') return repage(state, event.perPage);
  switch (state.step) {
    case 'identify': {
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
      if (event.type === 'REFUSED') return { ...state, step: 'refused', refusal: { reason: event.reason, message: event.message } };
      return state;
    case 'printing':
      if (event.type === 'RECEIPT_PRINTED') return { ...state, step: 'done', receiptPrint: event.outcome, ...(event.notice ? { notice: event.notice } : {}) };
      return state;
    case 'done':
      if (event.type === 'REPRINT' && state.receiptPrint && !state.receiptPrint.printed) return { ...state, step: 'printing', receiptPrint: null };
      return state;
    case 'refused':
      if (event.type === 'BACK') return { ...state, step: 'review', refusal: null };
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
