/**
 * The kiosk session: which flow is on screen. A reset (idle, "back to start", or the end of a
 * flow) starts a new session number; everything keyed by it — identity, form, results — is dropped.
 */
import { defineMachine } from './machine';
import type { RatingSubject } from './rating';

export type Route =
  | { screen: 'home' }
  | { screen: 'find'; purpose: 'apply' | 'guide' }
  | { screen: 'apply'; itemCode: string }
  | { screen: 'ticket'; serviceCode?: string; appointment?: boolean }
  | { screen: 'progress' }
  | { screen: 'rate'; subject: RatingSubject };

export interface SessionState {
  route: Route;
  /** Increases at every reset: components keyed by it are remounted with empty state. */
  session: number;
}

export type SessionEvent = { type: 'GO'; route: Route } | { type: 'RESET' };

export function sessionTransition(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'GO':
      return { ...state, route: event.route };
    case 'RESET':
      return { route: { screen: 'home' }, session: state.session + 1 };
  }
}

export const sessionMachine = defineMachine<SessionState, SessionEvent>({ name: 'session', initial: { route: { screen: 'home' }, session: 1 }, transition: sessionTransition });
