/** The browser shell's transport: a loopback WebSocket presenting the per-launch token as a subprotocol. */
import { channelListeners, type TextChannel } from '../../../common/ipc/message-channel';

export const PROTOCOL_SUBPROTOCOL = 'kiosk.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'kiosk-token.';

/** Opens the WebSocket; resolves once it is open, rejects if the host refuses or is not there. */
export function openWebSocketChannel(url: string, token: string): Promise<TextChannel> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [PROTOCOL_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
    const listeners = channelListeners();
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') listeners.deliver(event.data);
    });
    socket.addEventListener('close', () => {
      listeners.closed();
      reject(new Error('the device host closed the connection'));
    });
    socket.addEventListener('open', () =>
      resolve({
        send: (text) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
        },
        onMessage: listeners.onMessage,
        onClose: listeners.onClose,
        close: () => socket.close(),
      }),
    );
  });
}
