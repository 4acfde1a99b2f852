/**
 * The discreet door to the staff modes: press and hold the hall name for 3 s, let go, then tap the
 * hidden target in the bottom-right corner within 2 s. A citizen does not do this by accident (a
 * long press alone does nothing visible), and there is no address or key combination to find.
 * Pure, with the clock passed in, so it is tested without a DOM.
 */
export const HOLD_MS = 3000;
export const CORNER_WINDOW_MS = 2000;

export type DoorState = { phase: 'idle' } | { phase: 'holding'; since: number } | { phase: 'armed'; until: number };

export const DOOR_IDLE: DoorState = { phase: 'idle' };

export function pressStart(_state: DoorState, now: number): DoorState {
  return { phase: 'holding', since: now };
}

/** Releasing after a long enough hold arms the corner; anything shorter resets. */
export function pressEnd(state: DoorState, now: number): DoorState {
  if (state.phase === 'holding' && now - state.since >= HOLD_MS) return { phase: 'armed', until: now + CORNER_WINDOW_MS };
  return DOOR_IDLE;
}

/** Any other touch, or the pointer leaving the hall name, cancels. */
export function cancel(): DoorState {
  return DOOR_IDLE;
}

/** A tap on the corner target: opens when armed and in time. */
export function cornerTap(state: DoorState, now: number): { state: DoorState; open: boolean } {
  if (state.phase === 'armed' && now <= state.until) return { state: DOOR_IDLE, open: true };
  return { state: DOOR_IDLE, open: false };
}

export function isArmed(state: DoorState, now: number): boolean {
  return state.phase === 'armed' && now <= state.until;
}
