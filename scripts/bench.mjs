// `npm run bench`: builds if needed, then runs bench/run.ts with tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/BUILD_INFO.json')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
