// Type-checks every environment with its own compiler settings (see tsconfig.json).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['common', 'node', 'web', 'electron', 'test'];
let failed = 0;
for (const name of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`, '--noEmit'], { stdio: 'inherit' });
  console.log(`typecheck ${name}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
