/**
 * Static checks on the main-process source. Electronegativity (run separately in CI) parses
 * TypeScript without scope analysis, so it can only see webPreferences written inline; this test
 * keeps them that way and keeps dangerous settings out of the shell's source altogether.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const main = read('electron/main.ts');
const shellSources = ['electron/main.ts', 'electron/preload.ts', 'electron/policy/navigation.ts', 'electron/policy/app-protocol.ts', 'electron/policy/permissions.ts', 'electron/policy/keys.ts', 'electron/policy/watchdog.ts', 'electron/policy/ipc.ts', 'electron/policy/shell-config.ts', 'electron/policy/key-store.ts'];

describe('electron/main.ts source', () => {
  it('writes webPreferences inline, inside new BrowserWindow({ … })', () => {
    const match = /new BrowserWindow\(\{[\s\S]*?webPreferences:\s*\{([\s\S]*?)\}/.exec(main);
    expect(match, 'new BrowserWindow({ … webPreferences: { … } })').not.toBeNull();
    const body = match?.[1] ?? '';
    for (const setting of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'nodeIntegrationInWorker: false',
      'nodeIntegrationInSubFrames: false',
      'webSecurity: true',
      'allowRunningInsecureContent: false',
      'experimentalFeatures: false',
      'webviewTag: false',
      'devTools: false',
      'spellcheck: false',
      'navigateOnDragDrop: false',
      'safeDialogs: true',
      'preload:',
    ]) {
      expect(body, setting).toContain(setting);
    }
    expect(main).not.toMatch(/webPreferences:\s*[A-Za-z_$]/);
    expect(main).not.toMatch(/webPreferences\s*,/);
    expect(main).not.toMatch(/\.\.\.\s*[A-Za-z_$][\w$]*\s*,?\s*\n?\s*\}\s*,?\s*\}\s*\)/);
    expect(main.match(/new BrowserWindow\(/g)).toHaveLength(1);
  });

  it.each(shellSources)('%s never weakens the sandbox or opens the outside world', (file) => {
    const source = read(file);
    for (const forbidden of [
      'nodeIntegration: true',
      'contextIsolation: false',
      'sandbox: false',
      'webSecurity: false',
      'allowRunningInsecureContent: true',
      'experimentalFeatures: true',
      'webviewTag: true',
      'devTools: true',
      'enableBlinkFeatures',
      'openExternal',
      'loadFile(',
      'file://',
      'no-sandbox',
      'openDevTools',
      'ELECTRON_DISABLE_SECURITY_WARNINGS',
      'eval(',
    ]) {
      expect(source, `${file} contains ${forbidden}`).not.toContain(forbidden);
    }
  });

  it('only imports common/ and its own policies (no renderer/, drivers/, platform/)', () => {
    for (const file of shellSources) {
      const imports = [...read(file).matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/(^|\/)(renderer|drivers|platform|browser-shell)\//);
      }
    }
  });

  it('keeps electron out of the policy modules at run time (type imports only)', () => {
    for (const file of shellSources.filter((f) => f.includes('/policy/'))) {
      expect(read(file), file).not.toMatch(/^import (?!type )[^;]*from 'electron'/m);
    }
  });

  it('keeps Node out of what the sandboxed preload bundles', () => {
    for (const file of ['electron/preload.ts', 'electron/policy/ipc.ts', 'electron/policy/navigation.ts']) {
      expect(read(file), file).not.toMatch(/from 'node:|from '(fs|path|os|child_process)'/);
    }
  });
});
