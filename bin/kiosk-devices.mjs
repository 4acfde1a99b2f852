#!/usr/bin/env node
// kiosk-devices: the technician CLI. Plain JS so it runs after `npm ci`; the TypeScript sources are
// loaded through tsx's ESM loader (a runtime dependency). See drivers/node/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../drivers/node/cli/main.ts');
await main();
