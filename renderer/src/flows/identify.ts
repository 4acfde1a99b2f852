/**
 * Identify: the privacy notice first (nothing is kept before the citizen agrees), then the person
 * by ID card, or by typing the number on the keypad (check digit verified, name typed), then —
 * for an organisation's item — the unified social credit code, scanned from the licence or typed
 * (check digit verified; a mismatch on a legacy code is a warning to confirm, not a refusal).
 */
import { checkIdNumber, checkUscc, type IdNumberProblem } from '../../../common/identity/check-digits';
import type { IdCard } from '../../../common/identity/id-card';
import { defineMachine } from './machine';

export interface PersonIdentity {
  kind: 'person';
  name: string;
  idType: 'resident-id' | 'foreign-permanent-id' | 'hmt-residence-permit' | 'other';
  idNumber: string;
  sex?: 'male' | 'female' | 'unknown';
  nation?: string;
  birthDate?: string;
  address?: string;
  phone?: string;
  source: 'card-reader' | 'qr-code' | 'manual';
}

export interface OrganizationIdentity {
  kind: 'organization';
  uscc: string;
  name: string;
  /** The code's check character did not match (a legacy pilot code the citizen confirmed). */
  usccWarning: boolean;
  agent: PersonIdentity;
}

export type Applicant = PersonIdentity | OrganizationIdentity;

/** The version of the privacy notice the citizen agrees to (sent with every submission). */
export const PRIVACY_NOTICE_VERSION = 'kiosk-privacy-2025-01';

export function personFromCard(card: IdCard): PersonIdentity {
  const idType = card.cardType === 'resident' ? 'resident-id' : card.cardType === 'foreign-permanent' ? 'foreign-permanent-id' : 'hmt-residence-permit';
  return {
    kind: 'person',
    name: card.name,
    idType,
    idNumber: card.idNumber.toUpperCase(),
    sex: card.sex === 'male' || card.sex === 'female' ? card.sex : 'unknown',
    birthDate: card.birthDate,
    ...(card.cardType === 'resident' ? { nation: card.nation, address: card.address } : {}),
    ...(card.cardType === 'hmt-residence' ? { address: card.address } : {}),
    source: 'card-reader',
  };
}

/** Birth date and sex read from a resident identity number (for manual entry). */
export function factsFromIdNumber(idNumber: string): { birthDate: string; sex: 'male' | 'female' } {
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return { birthDate, sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

export type ApplicantKind = 'person' | 'organization';

export type IdentifyState =
  | { step: 'privacy' }
  | { step: 'declined' }
  | { step: 'choose-kind' }
  | { step: 'person'; entry: 'wait' | 'typing'; idDraft: string; nameDraft: string; problem: IdNumberProblem | 'name' | 'card-not-accepted' | null }
  | { step: 'confirm-person'; person: PersonIdentity; reveal: boolean }
  | { step: 'organization'; agent: PersonIdentity; usccDraft: string; orgName: string; problem: 'length' | 'characters' | 'name' | null; warning: string | null }
  | { step: 'done'; applicant: Applicant; consentAt: string };

export type IdentifyEvent =
  | { type: 'AGREE'; at: string }
  | { type: 'DECLINE' }
  | { type: 'CHOOSE_KIND'; kind: ApplicantKind }
  | { type: 'CARD'; card: IdCard }
  | { type: 'TYPE_INSTEAD' }
  | { type: 'ID_DRAFT'; value: string }
  | { type: 'NAME_DRAFT'; value: string }
  | { type: 'SUBMIT_PERSON' }
  | { type: 'REVEAL'; reveal: boolean }
  | { type: 'CONFIRM_PERSON' }
  | { type: 'RETRY' }
  | { type: 'USCC_DRAFT'; value: string }
  | { type: 'USCC_SCANNED'; uscc: string }
  | { type: 'ORG_NAME'; value: string }
  | { type: 'SUBMIT_ORGANIZATION' }
  | { type: 'ACCEPT_WARNING' };

const personStep = (): IdentifyState => ({ step: 'person', entry: 'wait', idDraft: '', nameDraft: '', problem: null });

/** The identify machine's state: what the item accepts, what was chosen and agreed, and the step. */
export interface IdentifyMachineState {
  kinds: readonly ApplicantKind[];
  chosenKind: ApplicantKind | null;
  consentAt: string | null;
  at: IdentifyState;
}

export function initialIdentify(kinds: readonly ApplicantKind[]): IdentifyMachineState {
  return { kinds, chosenKind: kinds.length === 1 ? kinds[0]! : null, consentAt: null, at: { step: 'privacy' } };
}

function afterPerson(state: IdentifyMachineState, person: PersonIdentity): IdentifyMachineState {
  if (state.chosenKind === 'organization') return { ...state, at: { step: 'organization', agent: person, usccDraft: '', orgName: '', problem: null, warning: null } };
  return { ...state, at: { step: 'done', applicant: person, consentAt: state.consentAt! } };
}

function finishOrganization(state: IdentifyMachineState, at: Extract<IdentifyState, { step: 'organization' }>, acceptWarning: boolean): IdentifyMachineState {
  const uscc = at.usccDraft.toUpperCase();
  const verdict = checkUscc(uscc);
  if (verdict.kind === 'malformed') return { ...state, at: { ...at, problem: verdict.reason, warning: null } };
  if (at.orgName.trim().length < 2) return { ...state, at: { ...at, problem: 'name' } };
  if (verdict.kind === 'check-mismatch' && !acceptWarning) return { ...state, at: { ...at, problem: null, warning: verdict.expected } };
  return {
    ...state,
    at: { step: 'done', consentAt: state.consentAt!, applicant: { kind: 'organization', uscc, name: at.orgName.trim(), usccWarning: verdict.kind === 'check-mismatch', agent: at.agent } },
  };
}

export function identifyTransition(state: IdentifyMachineState, event: IdentifyEvent): IdentifyMachineState {
  const at = state.at;
  switch (at.step) {
    case 'privacy':
      if (event.type === 'AGREE') {
        const next = { ...state, consentAt: event.at };
        return { ...next, at: next.chosenKind ? personStep() : { step: 'choose-kind' } };
      }
      if (event.type === 'DECLINE') return { ...state, at: { step: 'declined' } };
      return state;
    case 'choose-kind':
      if (event.type === 'CHOOSE_KIND' && state.kinds.includes(event.kind)) return { ...state, chosenKind: event.kind, at: personStep() };
      return state;
    case 'person':
      switch (event.type) {
        case 'CARD': {
          const person = personFromCard(event.card);
          if (person.idType === 'resident-id' && !checkIdNumber(person.idNumber).ok) return { ...state, at: { ...at, problem: 'card-not-accepted' } };
          return { ...state, at: { step: 'confirm-person', person, reveal: false } };
        }
        case 'TYPE_INSTEAD':
          return { ...state, at: { ...at, entry: 'typing', problem: null } };
        case 'ID_DRAFT':
          return { ...state, at: { ...at, idDraft: event.value.toUpperCase().replace(/[^0-9X]/g, '').slice(0, 18), problem: null } };
        case 'NAME_DRAFT':
          return { ...state, at: { ...at, nameDraft: event.value.slice(0, 64), problem: null } };
        case 'SUBMIT_PERSON': {
          const check = checkIdNumber(at.idDraft);
          if (!check.ok) return { ...state, at: { ...at, problem: check.problem } };
          if (at.nameDraft.trim().length < 1) return { ...state, at: { ...at, problem: 'name' } };
          const person: PersonIdentity = { kind: 'person', name: at.nameDraft.trim(), idType: 'resident-id', idNumber: at.idDraft, ...factsFromIdNumber(at.idDraft), source: 'manual' };
          // Typed by hand: the citizen checks it in full.
          return { ...state, at: { step: 'confirm-person', person, reveal: true } };
        }
        default:
          return state;
      }
    case 'confirm-person':
      if (event.type === 'REVEAL') return { ...state, at: { ...at, reveal: event.reveal } };
      if (event.type === 'CONFIRM_PERSON') return afterPerson(state, at.person);
      if (event.type === 'RETRY') return { ...state, at: personStep() };
      if (event.type === 'CARD') return { ...state, at: { step: 'confirm-person', person: personFromCard(event.card), reveal: false } };
      return state;
    case 'organization':
      switch (event.type) {
        case 'USCC_DRAFT':
          return { ...state, at: { ...at, usccDraft: event.value.toUpperCase().slice(0, 18), problem: null, warning: null } };
        case 'USCC_SCANNED':
          return { ...state, at: { ...at, usccDraft: event.uscc.toUpperCase().slice(0, 18), problem: null, warning: null } };
        case 'ORG_NAME':
          return { ...state, at: { ...at, orgName: event.value.slice(0, 128), problem: null } };
        case 'SUBMIT_ORGANIZATION':
          return finishOrganization(state, at, false);
        case 'ACCEPT_WARNING':
          return at.warning ? finishOrganization(state, at, true) : state;
        case 'RETRY':
          return { ...state, at: personStep() };
        default:
          return state;
      }
    case 'declined':
    case 'done':
      return state;
  }
}

export const identifyMachine = defineMachine<IdentifyMachineState, IdentifyEvent>({
  name: 'identify',
  initial: initialIdentify(['person']),
  transition: identifyTransition,
});

/** The facts a form may be filled from. */
export function autofillSource(applicant: Applicant): Record<string, string | undefined> {
  const person = applicant.kind === 'person' ? applicant : applicant.agent;
  return {
    name: person.name,
    idNumber: person.idNumber,
    sex: person.sex,
    nation: person.nation,
    birthDate: person.birthDate,
    address: person.address,
    phone: person.phone,
    ...(applicant.kind === 'organization' ? { uscc: applicant.uscc, organizationName: applicant.name } : {}),
  };
}

/** The applicant as the contract's Identity / Organization. */
export function applicantPayload(applicant: Applicant): Record<string, unknown> {
  const person = (p: PersonIdentity) => ({
    kind: 'person',
    name: p.name,
    idType: p.idType,
    idNumber: p.idNumber,
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.nation ? { nation: p.nation } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.address ? { address: p.address } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    source: p.source,
  });
  return applicant.kind === 'person' ? person(applicant) : { kind: 'organization', uscc: applicant.uscc, name: applicant.name, agent: person(applicant.agent) };
}
