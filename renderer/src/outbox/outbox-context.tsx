/**
 * React access to the outbox. The app root mounts `<OutboxProvider link={link}>` once; screens call
 * `useOutbox()`. Tests mount `<OutboxProvider outbox={createMemoryOutbox()}>`.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { HostLink } from '../host/host-connection';
import type { IntakeOutbox } from './intake-outbox';
import { startOutbox } from './start-outbox';

const OutboxContext = createContext<IntakeOutbox | null>(null);

export function OutboxProvider(props: { link?: HostLink; outbox?: IntakeOutbox; children: ReactNode }) {
  const [outbox] = useState<IntakeOutbox>(() => {
    if (props.outbox) return props.outbox;
    if (!props.link) throw new Error('OutboxProvider needs a link (the app) or an outbox (tests)');
    return startOutbox(props.link).outbox;
  });
  return <OutboxContext.Provider value={outbox}>{props.children}</OutboxContext.Provider>;
}

export function useOutbox(): IntakeOutbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox() needs an <OutboxProvider> above it');
  return outbox;
}

export { createMemoryOutbox } from './memory-outbox';
