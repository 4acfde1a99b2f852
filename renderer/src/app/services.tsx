/**
 * What every citizen screen can reach: the host link (calls and events), live status, the catalog,
 * the outbox, elderly mode and voice. Provided once by the app.
 */
import { attachWedgeDetector, WedgeDetector } from '../devices/scanning/wedge-detector';
import { pageScans } from '../devices/scanning/page-scans';
import { makeScanEvent, type ScanEvent } from '../../../common/scan';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { EventName, EventPayload, MethodName, MethodParams, MethodResult } from '../../../common/ipc/protocol';
import { RpcError } from '../../../common/ipc/protocol';
import type { Catalog, QueueCategory } from '../../../common/ipc/methods/citizen';
import type { HostLink } from '../host/host-connection';
import type { LiveStatus } from '../host/use-host';
import type { IntakeOutbox } from '../outbox/intake-outbox';
import { buildSearchIndex, type SearchIndexEntry } from '../flows/search';

export type CatalogState =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'ready'; catalog: Catalog; fromCache: boolean; queueCategories: QueueCategory[]; index: SearchIndexEntry[] };

export interface AssistingStaff {
  staffId: string;
  name: string;
}

export interface Services {
  link: HostLink;
  live: LiveStatus;
  outbox: IntakeOutbox;
  catalog: CatalogState;
  elderly: boolean;
  voice: boolean;
  /** The staff member helping this citizen (代办/帮办), or null when the citizen is on their own. */
  assistedBy: AssistingStaff | null;
  /** Calls the host; rejects with RpcError('disconnected') while there is no connection. */
  call<M extends MethodName>(method: M, params: MethodParams<M>, timeoutMs?: number): Promise<MethodResult<M>>;
}

const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

/** Subscribes to a host event for as long as the component is mounted (again after a reconnect). */
export function useHostEvent<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): void {
  const { link } = useServices();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    let off: (() => void) | undefined;
    const stop = link.onConnected((client) => {
      off?.();
      off = client.on(name, (payload) => latest.current(payload));
    });
    return () => {
      stop();
      off?.();
    };
  }, [link, name]);
}

/**
 * Every scan, whichever scanner read it: the host's (serial, HID, simulator) and the page's own
 * (keyboard wedge). Screens listen here, never to one kind of scanner.
 */
export function useScan(handler: (scan: ScanEvent) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useHostEvent('scanner.scanned', (scan) => latest.current(scan));
  useEffect(() => pageScans.on((scan) => latest.current(scan)), []);
}

/** A keyboard-wedge scanner types into the page: tell its bursts from a person's typing, and report them as scans. */
function useWedgeScanner(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector();
    const off = detector.onScan((text) => {
      const scan = makeScanEvent(text, 'utf-8', 'wedge');
      if (scan) pageScans.emit(scan);
    });
    const detach = attachWedgeDetector(window, detector);
    return () => {
      detach();
      off();
    };
  }, [enabled]);
}

function useCatalogLoader(link: HostLink, live: LiveStatus): CatalogState {
  const [state, setState] = useState<CatalogState>({ status: 'loading' });
  const platform = live.connectivity.platform;
  useEffect(() => {
    let cancelled = false;
    const stop = link.onConnected((client) => {
      client
        .call('catalog.get', {}, 30_000)
        .then((got) => {
          if (cancelled) return;
          setState({ status: 'ready', catalog: got.catalog, fromCache: got.fromCache, queueCategories: got.queueCategories, index: buildSearchIndex(got.catalog.items, got.searchKeys) });
        })
        .catch(() => {
          if (!cancelled) setState((prev) => (prev.status === 'ready' ? prev : { status: 'unavailable' }));
        });
    });
    return () => {
      cancelled = true;
      stop();
    };
    // Refetched when the platform comes back (cheap: If-None-Match).
  }, [link, platform]);
  return state;
}

export function ServicesProvider(props: { link: HostLink; live: LiveStatus; outbox: IntakeOutbox; elderly: boolean; voice: boolean; assistedBy: AssistingStaff | null; children: ReactNode }) {
  const { link, live, outbox, elderly, voice, assistedBy } = props;
  const catalog = useCatalogLoader(link, live);
  useWedgeScanner(live.devices['qr-scanner']?.connection === 'wedge');
  const value = useMemo<Services>(
    () => ({
      link,
      live,
      outbox,
      catalog,
      elderly,
      voice,
      assistedBy,
      call: (method, params, timeoutMs) => {
        const state = link.getState();
        if (state.status !== 'connected') return Promise.reject(new RpcError('disconnected', 'Not connected to the device host.'));
        return state.client.call(method, params, timeoutMs);
      },
    }),
    [link, live, outbox, catalog, elderly, voice, assistedBy],
  );
  return <ServicesContext.Provider value={value}>{props.children}</ServicesContext.Provider>;
}

/** The RPC error code of a failure ('unavailable' when offline), or 'failed'. */
export function errorCode(error: unknown): string {
  return error instanceof RpcError ? error.code : 'failed';
}
