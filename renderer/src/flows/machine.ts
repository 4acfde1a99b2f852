/**
 * A small typed state-machine helper. A flow is a pure `transition(state, event) → state`: events
 * that are not allowed in a state (a guard fails) return the same state object, so callers and
 * tests can tell "ignored" from "moved". Side effects (host calls, printing, the outbox) are not in
 * the machine: runners watch the state and send the outcome back as an event.
 */
import { useCallback, useReducer, useRef } from 'react';

export interface Machine<S, E> {
  readonly name: string;
  readonly initial: S;
  transition(state: S, event: E): S;
}

export function defineMachine<S, E>(machine: Machine<S, E>): Machine<S, E> {
  return machine;
}

/** Runs several events in order (for tests and for replays). */
export function run<S, E>(machine: Machine<S, E>, events: readonly E[], from: S = machine.initial): S {
  return events.reduce((state, event) => machine.transition(state, event), from);
}

/**
 * Runs a machine in a component. `send` is stable; `current()` reads the latest state from async
 * work without stale closures.
 */
export function useMachine<S, E>(machine: Machine<S, E>, initial?: S): [S, (event: E) => void, () => S] {
  const [state, dispatch] = useReducer((s: S, e: E) => machine.transition(s, e), initial ?? machine.initial);
  const latest = useRef(state);
  latest.current = state;
  const send = useCallback((event: E) => dispatch(event), []);
  const current = useCallback(() => latest.current, []);
  return [state, send, current];
}
