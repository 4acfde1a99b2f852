/**
 * The voice prompt of every step of every citizen flow: a key of prompts.json, so that each is
 * said by speech synthesis where a voice exists and by its recording (resources/voice/) otherwise.
 * `null` where a step says nothing (it passes in an instant, or the citizen chose to leave).
 */
import type { ApplyState, ApplyStep } from '../flows/apply';
import type { IdentifyState } from '../flows/identify';
import type { ProgressState } from '../flows/progress';
import type { RatingState } from '../flows/rating';
import type { TicketState } from '../flows/ticket';
import type { PromptKey } from './voice';

export const HOME_PROMPT: PromptKey = 'welcome';
export const FIND_PROMPT: PromptKey = 'find';

export const IDENTIFY_PROMPTS: Record<IdentifyState['step'], PromptKey | null> = {
  privacy: 'privacy',
  declined: 'apply.declined',
  'choose-kind': 'apply.choose-kind',
  person: 'place-id-card',
  'confirm-person': 'apply.confirm-person',
  organization: 'apply.organization',
  done: null,
};

export const APPLY_PROMPTS: Record<Exclude<ApplyStep, 'identify'>, PromptKey | null> = {
  declined: 'apply.declined',
  form: 'fill-form',
  materials: 'materials',
  outstanding: 'apply.outstanding',
  review: 'review',
  submitting: 'apply.submitting',
  printing: 'apply.printing',
  done: 'submitted',
  refused: 'apply.refused',
};

/** The apply flow's prompt: while identifying, that of the identify step (typing the number has its own). */
export function applyPrompt(state: Pick<ApplyState, 'step' | 'identify'>): PromptKey | null {
  if (state.step !== 'identify') return APPLY_PROMPTS[state.step];
  const at = state.identify.at;
  if (at.step === 'person' && at.entry === 'typing') return 'type-id-number';
  return IDENTIFY_PROMPTS[at.step];
}

export const PROGRESS_PROMPTS: Record<ProgressState['step'], PromptKey | null> = {
  waiting: 'progress',
  'checking-receipt': 'progress.looking',
  looking: 'progress.looking',
  results: 'progress.results',
  unavailable: 'progress.unavailable',
};

export const RATING_PROMPTS: Record<RatingState['step'], PromptKey | null> = {
  offer: 'rate',
  choose: 'rate',
  saving: 'rate.saving',
  thanks: 'rate.thanks',
  failed: 'rate.failed',
  skipped: null,
};

export const TICKET_PROMPTS: Record<TicketState['step'], PromptKey | null> = {
  choose: 'take-number',
  priority: 'ticket.priority',
  'ask-staff': 'ticket.ask-staff',
  appointment: 'ticket.appointment',
  checking: 'ticket.checking',
  'appointment-found': 'ticket.appointment-found',
  'appointment-offline': 'ticket.appointment-offline',
  'appointment-refused': 'ticket.appointment-refused',
  issuing: 'ticket.issuing',
  printing: 'ticket.printing',
  done: 'ticket-printed',
  failed: 'ticket.failed',
};

/** Every prompt key a step can say (for the check that each has its recording). */
export const STEP_PROMPT_KEYS: PromptKey[] = [
  ...new Set(
    [HOME_PROMPT, FIND_PROMPT, 'type-id-number' as const, ...Object.values(IDENTIFY_PROMPTS), ...Object.values(APPLY_PROMPTS), ...Object.values(PROGRESS_PROMPTS), ...Object.values(RATING_PROMPTS), ...Object.values(TICKET_PROMPTS)].filter(
      (k): k is PromptKey => k !== null,
    ),
  ),
];
