/** The offline-first intake: item keys held by the host, its journal, and delivery through the host's platform client. */
export const OUTBOX_METHODS = {} as const;
