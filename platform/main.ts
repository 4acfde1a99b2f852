/**
 * npm run platform -- --port PORT --data-dir DIR --enrollment-code CODE [--enrollment-code CODE2 …]
 *   [--fault-rate 0.3] [--fault-kinds latency,5xx,429,503,reset,drop-after-commit] [--latency-ms 200]
 *   [--fault-seed N] [--progress-step-seconds 60] [--host 127.0.0.1]
 *   [--catalog FILE] [--hall FILE] [--appointments FILE] [--quiet]
 * Environment: PLATFORM_FAULT_RATE, PLATFORM_FAULT_KINDS (flags win).
 * Prints exactly `listening on http://HOST:PORT` on stdout when ready.
 */
import type { PlatformOptions } from './server';
import { startPlatform } from './server';
import { parseArgs, USAGE, UsageError } from './cli-args';

async function main(): Promise<void> {
  let options: PlatformOptions;
  try {
    options = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (!err.message) {
      // --help
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    process.stderr.write(`platform: ${err.message}\n${USAGE}\n`);
    process.exit(1);
  }
  let platform;
  try {
    platform = await startPlatform(options);
  } catch (err) {
    process.stderr.write(`platform: cannot start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`listening on ${platform.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`platform: ${signal}, shutting down\n`);
    void platform.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
