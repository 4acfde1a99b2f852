/**
 * What a transport must offer to carry the protocol: text in, text out, and an end. The Electron
 * MessagePort, the browser's WebSocket and Node's `ws` socket are each adapted to this.
 */
export interface TextChannel {
  send(text: string): void;
  onMessage(listener: (text: string) => void): () => void;
  onClose(listener: () => void): () => void;
  close(): void;
}

/**
 * The listener bookkeeping every adapter needs: the transport calls `deliver` and `closed`;
 * the protocol code subscribes through the returned TextChannel members.
 */
export function channelListeners(): Pick<TextChannel, 'onMessage' | 'onClose'> & { deliver(text: string): void; closed(): void } {
  const messageListeners = new Set<(text: string) => void>();
  const closeListeners = new Set<() => void>();
  return {
    deliver: (text) => {
      for (const listener of messageListeners) listener(text);
    },
    closed: () => {
      for (const listener of closeListeners) listener();
    },
    onMessage: (listener) => {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
}

/** Two connected in-memory channels, for tests of code on either side of the protocol. */
export function createTextChannelPair(): [TextChannel, TextChannel] {
  type Side = { listeners: Set<(text: string) => void>; closeListeners: Set<() => void>; closed: boolean };
  const sides: [Side, Side] = [
    { listeners: new Set(), closeListeners: new Set(), closed: false },
    { listeners: new Set(), closeListeners: new Set(), closed: false },
  ];
  const closeBoth = () => {
    for (const side of sides) {
      if (side.closed) continue;
      side.closed = true;
      for (const listener of side.closeListeners) listener();
    }
  };
  const make = (mine: Side, theirs: Side): TextChannel => ({
    send(text) {
      if (mine.closed) return;
      queueMicrotask(() => {
        if (!theirs.closed) for (const listener of theirs.listeners) listener(text);
      });
    },
    onMessage(listener) {
      mine.listeners.add(listener);
      return () => mine.listeners.delete(listener);
    },
    onClose(listener) {
      mine.closeListeners.add(listener);
      return () => mine.closeListeners.delete(listener);
    },
    close: closeBoth,
  });
  return [make(sides[0], sides[1]), make(sides[1], sides[0])];
}
