// The whole test suite, as the README's test command: build, type-check, lint, unit and
// integration tests (Vitest), end-to-end tests in Chromium against the browser shell (Playwright).
// Ends with one line `tests: N passed, M failed` counting every test that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureInstalled } from './ensure-installed.mjs';

ensureInstalled();
mkdirSync('test-results', { recursive: true });
const args = process.argv.slice(2);
const skipE2e = args.includes('--no-e2e');
const steps = [];
const run = (name, command, commandArgs, options = {}) => {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...options.env } });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  console.log(`\n=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return ok;
};

run('build', process.execPath, ['scripts/build.mjs']);
run('typecheck', process.execPath, ['scripts/typecheck.mjs']);
run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
run('unit and integration tests', process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
if (!skipE2e) run('end-to-end tests', process.execPath, ['node_modules/@playwright/test/cli.js', 'test']);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (!skipE2e && existsSync('test-results/playwright.json')) {
  const stats = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')).stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
}
for (const step of steps) if (!step.ok && !step.name.includes('tests')) failed += 1;
console.log(steps.map((s) => `${s.ok ? 'ok    ' : 'FAILED'} ${s.name} (${s.seconds.toFixed(1)} s)`).join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(steps.every((s) => s.ok) ? 0 : 1);
