/**
 * Rate (好差评): offered, never forced. Five levels — the contract numbers them 5 = 非常满意 …
 * 1 = 非常不满意 (GB/T 39046 numbers them the other way; the label is what counts) — and for the
 * two lowest (差评) the citizen picks at least one reason. Stored through the outbox.
 */
import { defineMachine } from './machine';

export type RatingLevel = 1 | 2 | 3 | 4 | 5;
/** Best first, as shown. */
export const RATING_LEVELS: readonly RatingLevel[] = [5, 4, 3, 2, 1];
export const RATING_REASONS = ['slow', 'attitude', 'guide-unclear', 'kiosk-hard', 'materials-repeated', 'other'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

export type RatingSubject = { submissionId: string } | { ticketId: string };

export type RatingState =
  | { step: 'offer' }
  | { step: 'choose'; level: RatingLevel | null; reasons: RatingReason[]; problem: 'reason-needed' | null }
  | { step: 'saving'; level: RatingLevel; reasons: RatingReason[] }
  | { step: 'thanks'; level: RatingLevel }
  | { step: 'failed'; level: RatingLevel; reasons: RatingReason[] }
  | { step: 'skipped' };

export type RatingEvent =
  | { type: 'START' }
  | { type: 'LEVEL'; level: RatingLevel }
  | { type: 'TOGGLE_REASON'; reason: RatingReason }
  | { type: 'SUBMIT' }
  | { type: 'SAVED' }
  | { type: 'SAVE_FAILED' }
  | { type: 'SKIP' };

export function isPoor(level: RatingLevel): boolean {
  return level <= 2;
}

export function ratingTransition(state: RatingState, event: RatingEvent): RatingState {
  switch (state.step) {
    case 'offer':
      if (event.type === 'START') return { step: 'choose', level: null, reasons: [], problem: null };
      if (event.type === 'LEVEL') return { step: 'choose', level: event.level, reasons: [], problem: null };
      if (event.type === 'SKIP') return { step: 'skipped' };
      return state;
    case 'choose':
      switch (event.type) {
        case 'LEVEL':
          return { ...state, level: event.level, reasons: isPoor(event.level) ? state.reasons : [], problem: null };
        case 'TOGGLE_REASON':
          if (state.level === null || !isPoor(state.level)) return state;
          return { ...state, reasons: state.reasons.includes(event.reason) ? state.reasons.filter((r) => r !== event.reason) : [...state.reasons, event.reason], problem: null };
        case 'SUBMIT':
          if (state.level === null) return state;
          if (isPoor(state.level) && state.reasons.length === 0) return { ...state, problem: 'reason-needed' };
          return { step: 'saving', level: state.level, reasons: state.reasons };
        case 'SKIP':
          return { step: 'skipped' };
        default:
          return state;
      }
    case 'saving':
      if (event.type === 'SAVED') return { step: 'thanks', level: state.level };
      if (event.type === 'SAVE_FAILED') return { step: 'failed', level: state.level, reasons: state.reasons };
      return state;
    case 'failed':
      if (event.type === 'SUBMIT') return { step: 'saving', level: state.level, reasons: state.reasons };
      if (event.type === 'SKIP') return { step: 'skipped' };
      return state;
    case 'thanks':
    case 'skipped':
      return state;
  }
}

export const ratingMachine = defineMachine<RatingState, RatingEvent>({ name: 'rating', initial: { step: 'offer' }, transition: ratingTransition });

/** The contract's Rating body. */
export function ratingBody(subject: RatingSubject, level: RatingLevel, reasons: readonly RatingReason[], ratedAt: string, channel: 'kiosk' | 'kiosk-assisted' = 'kiosk'): Record<string, unknown> {
  return { subject, level, ...(reasons.length > 0 ? { reasons: [...reasons] } : {}), channel, ratedAt };
}
