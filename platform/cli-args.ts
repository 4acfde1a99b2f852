/**
 * The command line of the platform (see main.ts), parsed into PlatformOptions.
 */
import type { FaultKind, FaultOptions } from './faults';
import { checkFaultOptions } from './faults';
import type { PlatformOptions } from './server';

export const USAGE =
  'usage: npm run platform -- --port PORT --data-dir DIR --enrollment-code CODE [--enrollment-code CODE …]\n' +
  '  [--host 127.0.0.1] [--fault-rate 0..1] [--fault-kinds latency,5xx,429,503,reset,drop-after-commit]\n' +
  '  [--latency-ms MS] [--fault-seed N] [--progress-step-seconds S] [--catalog FILE] [--hall FILE] [--appointments FILE] [--quiet]';

const VALUE_FLAGS = new Set([
  '--port', '--data-dir', '--enrollment-code', '--host', '--fault-rate', '--fault-kinds', '--latency-ms',
  '--fault-seed', '--progress-step-seconds', '--catalog', '--hall', '--appointments',
]);

export class UsageError extends Error {}

function number(flag: string, value: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag}: not a valid value: ${value}`);
  return n;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): PlatformOptions {
  const codes: string[] = [];
  let port: number | undefined;
  let dataDir: string | undefined;
  let host: string | undefined;
  let rate = env['PLATFORM_FAULT_RATE'] !== undefined && env['PLATFORM_FAULT_RATE'] !== '' ? number('PLATFORM_FAULT_RATE', env['PLATFORM_FAULT_RATE'], (n) => n >= 0 && n <= 1) : undefined;
  let kinds = env['PLATFORM_FAULT_KINDS'] ? env['PLATFORM_FAULT_KINDS'] : undefined;
  let latencyMs: number | undefined;
  let seed: number | undefined;
  let progressStepSeconds: number | undefined;
  let catalogPath: string | undefined;
  let hallPath: string | undefined;
  let appointmentsPath: string | undefined;
  let log = true;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === '--quiet') {
      log = false;
      continue;
    }
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown option: ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag}: missing value`);
    switch (flag) {
      case '--port':
        port = number(flag, value, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
        break;
      case '--data-dir':
        dataDir = value;
        break;
      case '--enrollment-code':
        codes.push(value);
        break;
      case '--host':
        host = value;
        break;
      case '--fault-rate':
        rate = number(flag, value, (n) => n >= 0 && n <= 1);
        break;
      case '--fault-kinds':
        kinds = value;
        break;
      case '--latency-ms':
        latencyMs = number(flag, value, (n) => n >= 0);
        break;
      case '--fault-seed':
        seed = number(flag, value, (n) => Number.isInteger(n));
        break;
      case '--progress-step-seconds':
        progressStepSeconds = number(flag, value, (n) => n >= 0);
        break;
      case '--catalog':
        catalogPath = value;
        break;
      case '--hall':
        hallPath = value;
        break;
      case '--appointments':
        appointmentsPath = value;
        break;
      default:
        throw new UsageError(`unknown option: ${arg}`);
    }
  }
  if (port === undefined) throw new UsageError('--port is required');
  if (!dataDir) throw new UsageError('--data-dir is required');
  if (codes.length === 0) throw new UsageError('at least one --enrollment-code is required');
  let faults: FaultOptions | undefined;
  if (rate !== undefined && rate > 0) {
    const list = (kinds ?? 'latency,5xx,429,503,reset,drop-after-commit').split(',').map((k) => k.trim()).filter(Boolean) as FaultKind[];
    try {
      faults = checkFaultOptions({ rate, kinds: list, ...(latencyMs !== undefined ? { latencyMs } : {}), ...(seed !== undefined ? { seed } : {}) });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return {
    port,
    dataDir,
    enrollmentCodes: codes,
    log,
    ...(host !== undefined ? { host } : {}),
    ...(faults ? { faults } : {}),
    ...(progressStepSeconds !== undefined ? { progressStepSeconds } : {}),
    ...(catalogPath !== undefined ? { catalogPath } : {}),
    ...(hallPath !== undefined ? { hallPath } : {}),
    ...(appointmentsPath !== undefined ? { appointmentsPath } : {}),
  };
}
