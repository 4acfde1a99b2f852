/** React bindings for the host link: its state, and the live device and connectivity status. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { DeviceRole, DeviceStatus } from '../../../common/devices/status';
import type { Connectivity, TerminalInfo } from '../../../common/ipc/protocol';
import type { HostLink, HostLinkState } from './host-connection';

export function useHostLinkState(link: HostLink): HostLinkState {
  return useSyncExternalStore(link.subscribe, link.getState);
}

export interface LiveStatus {
  devices: Partial<Record<DeviceRole, DeviceStatus>>;
  connectivity: Connectivity;
  terminal: TerminalInfo | null;
  simulated: boolean;
  /** Has the page ever reached the host (so a later loss is a reconnect, not a first start)? */
  everConnected: boolean;
}

export function useLiveStatus(link: HostLink): LiveStatus {
  const [live, setLive] = useState<LiveStatus>({ devices: {}, connectivity: { platform: 'unknown', lastContactAt: null }, terminal: null, simulated: false, everConnected: false });
  useEffect(
    () =>
      link.onConnected((client) => {
        const state = link.getState();
        if (state.status === 'connected') {
          const { hello } = state;
          setLive({
            devices: Object.fromEntries(hello.devices.map((d) => [d.role, d])),
            connectivity: hello.connectivity,
            terminal: hello.terminal,
            simulated: hello.simulated,
            everConnected: true,
          });
        }
        client.on('device.status', (status) => setLive((prev) => ({ ...prev, devices: { ...prev.devices, [status.role]: status } })));
        client.on('connectivity.changed', (connectivity) => setLive((prev) => ({ ...prev, connectivity })));
        client.on('terminal.changed', (terminal) => setLive((prev) => ({ ...prev, terminal })));
      }),
    [link],
  );
  return live;
}
