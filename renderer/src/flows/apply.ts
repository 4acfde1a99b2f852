/**
 * Apply (办事): identify → fill in → materials → what is still needed (一次性告知) → review →
 * hand in (outbox first, then the receipt prints) → done. The citizen can go back a step from
 * every screen; nothing is submitted before the review is confirmed.
 */
import type { PrintOutcome } from '../../../common/ipc/protocol';
import type { ServiceItem } from '../../../common/ipc/methods/citizen';
import { autofill, formFields, validateForm, validateField, type FieldSpec, type FormValues } from './form-schema';
import { autofillSource, identifyTransition, initialIdentify, type Applicant, type ApplicantKind, type IdentifyEvent, type IdentifyMachineState } from './identify';
import { defaultProvisions, outstandingMaterials, provisionOptions, type Provision } from './materials';
import { defineMachine } from './machine';

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
  | { type: 'PROVIDE'; code: string; provision: Provision }
  | { type: 'PRINT_NOTICE' }
  | { type: 'NOTICE_PRINTED'; reference: string; outcome: PrintOutcome }
  | { type: 'SUBMIT' }
  | { type: 'SUBMITTED'; result: ApplyResult }
  | { type: 'REFUSED'; reason: string; message: string }
  | { type: 'RECEIPT_PRINTED'; outcome: PrintOutcome; notice?: PrintOutcome }
  | { type: 'REPRINT' };

export function initialApply(item: ServiceItem): ApplyState {
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

export function applyTransition(state: ApplyState, event: ApplyEvent): ApplyState {
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
        return { ...state, identify, step: 'form', applicant, consentAt: identify.at.consentAt, values, autofilled: Object.keys(values).filter((k) => state.item.form.autofill?.[k] !== undefined), touched: [] };
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
          // Guard: every field valid. Otherwise every problem is shown, with how to fix it.
          if (Object.keys(formProblems(state)).length > 0) return { ...state, touched: state.fields.map((f) => f.name) };
          return { ...state, step: 'materials' };
        }
        case 'BACK':
          // Back to identifying: the identity read so far is dropped (nothing is kept half-way).
          return { ...state, step: 'identify', applicant: null, values: {}, autofilled: [], touched: [], identify: { ...state.identify, at: { step: 'person', entry: 'wait', idDraft: '', nameDraft: '', problem: null } } };
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
          return { ...state, step: 'form' };
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
          return Object.keys(formProblems(state)).length > 0 ? { ...state, step: 'form' } : { ...state, step: 'submitting' };
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
export function applyMachineFor(item: ServiceItem) {
  return defineMachine<ApplyState, ApplyEvent>({ name: 'apply', initial: initialApply(item), transition: applyTransition });
}

/** Problems to show now: only for fields the citizen has finished with. */
export function visibleProblems(state: ApplyState) {
  const out: Record<string, NonNullable<ReturnType<typeof validateField>>> = {};
  for (const field of state.fields) {
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
