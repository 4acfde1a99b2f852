/**
 * Look up progress (办件查询): by ID card (all of the person's recent applications), or by scanning
 * a receipt — the terminal's own record answers at once (offline too), and the ID card then
 * unlocks the platform's timeline. Results are masked; the identity number is held only while
 * the lookup runs.
 */
import type { Progress } from '../../../common/ipc/methods/citizen';
import type { ReceiptLookup } from '../outbox/intake-outbox';
import { defineMachine } from './machine';

export type ProgressState =
  | { step: 'waiting'; reference: string | null; local: ReceiptLookup | null; problem: 'not-this-terminal' | 'bad-code' | null }
  | { step: 'checking-receipt'; reference: string }
  | { step: 'looking'; idNumber: string; reference: string | null; local: ReceiptLookup | null }
  | { step: 'results'; items: Progress[]; local: ReceiptLookup | null }
  | { step: 'unavailable'; local: ReceiptLookup | null };

export type ProgressEvent =
  | { type: 'RECEIPT_SCANNED'; reference: string }
  | { type: 'LOCAL_RESULT'; lookup: ReceiptLookup | null }
  | { type: 'CARD'; idNumber: string }
  | { type: 'RESULTS'; items: Progress[] }
  | { type: 'UNAVAILABLE' }
  | { type: 'AGAIN' };

const REFERENCE = /^[A-Za-z0-9-]{4,50}$/;

export const initialProgress: ProgressState = { step: 'waiting', reference: null, local: null, problem: null };

export function progressTransition(state: ProgressState, event: ProgressEvent): ProgressState {
  switch (state.step) {
    case 'waiting':
      if (event.type === 'RECEIPT_SCANNED') return REFERENCE.test(event.reference) ? { step: 'checking-receipt', reference: event.reference } : { ...state, problem: 'bad-code' };
      if (event.type === 'CARD') return { step: 'looking', idNumber: event.idNumber, reference: state.reference, local: state.local };
      return state;
    case 'checking-receipt':
      if (event.type === 'LOCAL_RESULT') return { step: 'waiting', reference: state.reference, local: event.lookup, problem: event.lookup ? null : 'not-this-terminal' };
      return state;
    case 'looking':
      if (event.type === 'RESULTS') {
        // With a scanned receipt, show only that application (by either of its numbers).
        const wanted = state.local?.receiptNo ?? state.reference;
        const items = wanted && state.local?.receiptNo ? event.items.filter((i) => i.receiptNo === wanted) : event.items;
        return { step: 'results', items, local: state.local };
      }
      if (event.type === 'UNAVAILABLE') return { step: 'unavailable', local: state.local };
      return state;
    case 'results':
    case 'unavailable':
      if (event.type === 'AGAIN') return initialProgress;
      if (event.type === 'RECEIPT_SCANNED') return progressTransition(initialProgress, event);
      if (event.type === 'CARD') return { step: 'looking', idNumber: event.idNumber, reference: null, local: null };
      return state;
  }
}

export const progressMachine = defineMachine<ProgressState, ProgressEvent>({ name: 'progress', initial: initialProgress, transition: progressTransition });
