/**
 * The host's log: one JSON line per entry on stderr (stdout is kept for the ready signal the shells
 * wait for). Callers pass facts, never personal data: no names, ID numbers, phone numbers or photos.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, facts?: Record<string, unknown>): void;
  info(message: string, facts?: Record<string, unknown>): void;
  warn(message: string, facts?: Record<string, unknown>): void;
  error(message: string, facts?: Record<string, unknown>): void;
}

export function createLogger(component: string, minLevel: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const log = (level: LogLevel) => (message: string, facts?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    write(JSON.stringify({ at: new Date().toISOString(), level, component, message, ...facts }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
