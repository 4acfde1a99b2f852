/** The Electron shell's transport: a MessagePort to the host utilityProcess, handed over by the preload. */
import { HOST_PORT_WINDOW_MESSAGE, KIOSK_BRIDGE_GLOBAL, type KioskBridge } from '../../../common/ipc/electron-bridge';
import { channelListeners, type TextChannel } from '../../../common/ipc/message-channel';

export function electronBridge(): KioskBridge | undefined {
  return (window as unknown as Record<string, KioskBridge | undefined>)[KIOSK_BRIDGE_GLOBAL];
}

export function openElectronPortChannel(bridge: KioskBridge, timeoutMs = 5000): Promise<TextChannel> {
  const nonce = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', onWindowMessage);
      reject(new Error('the Electron shell did not hand over a port to the device host'));
    }, timeoutMs);
    function onWindowMessage(event: MessageEvent) {
      // Only the preload (same window, same origin) posts this, with the nonce we chose.
      if (event.source !== window || event.origin !== window.location.origin) return;
      const data = event.data as { type?: unknown; nonce?: unknown } | null;
      if (data?.type !== HOST_PORT_WINDOW_MESSAGE || data.nonce !== nonce || !event.ports[0]) return;
      clearTimeout(timer);
      window.removeEventListener('message', onWindowMessage);
      resolve(portChannel(event.ports[0]));
    }
    window.addEventListener('message', onWindowMessage);
    bridge.requestHostPort(nonce);
  });
}

function portChannel(port: MessagePort): TextChannel {
  const listeners = channelListeners();
  port.onmessage = (event) => {
    if (typeof event.data === 'string') listeners.deliver(event.data);
  };
  // MessagePort 'close' events exist in recent Chromium; the host restart path also re-requests a port.
  port.addEventListener('close', () => listeners.closed());
  port.start();
  return {
    send: (text) => port.postMessage(text),
    onMessage: listeners.onMessage,
    onClose: listeners.onClose,
    close: () => port.close(),
  };
}
