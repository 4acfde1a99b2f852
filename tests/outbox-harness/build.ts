/** Builds the harness page into test-results/outbox-harness/ (a separate Vite build; not shipped). */
import { build } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const HARNESS_DIR = resolve(here, '../../test-results/outbox-harness');

export async function buildOutboxHarness(): Promise<string> {
  await build({
    configFile: false,
    root: here,
    base: '/',
    logLevel: 'warn',
    build: { outDir: HARNESS_DIR, emptyOutDir: true, target: 'chrome120', sourcemap: false },
  });
  return HARNESS_DIR;
}
