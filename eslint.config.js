// Lint, and the layering rule: what may import what is decided by the folder a file lives in
// (after VS Code's common / node / browser / electron-main split).
//   common/    pure TypeScript: no Node, no DOM-only APIs, no other layer
//   drivers/   protocol code; Node only under drivers/node/; never UI, Electron or the host
//   host/      Node; never UI or Electron (it runs as a plain Node process in the browser shell)
//   platform/  the local intake platform; stands alone
//   renderer/  the page: never Node, Electron, drivers, host or platform
//   electron/  the thin Electron shell
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];
const nativeNodePackages = ['serialport', 'node-hid', 'better-sqlite3', 'ws', '@napi-rs/canvas', 'iconv-lite', 'tsx'];

const layer = (name) => ({ group: [`**/${name}/**`, `${name}/**`], message: `Bad layering: this layer may not import ${name}/.` });
const noNode = { paths: [...nodeBuiltins, ...nativeNodePackages].map((name) => ({ name, message: 'Bad layering: Node modules are not available here.' })) };
const noElectron = { name: 'electron', message: 'Bad layering: only electron/ may import electron.' };
const noReact = [{ name: 'react', message: 'Bad layering: UI code belongs in renderer/.' }, { name: 'react-dom', message: 'Bad layering: UI code belongs in renderer/.' }];

const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.kiosk-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js', 'scripts/**', 'bin/**'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } } },
  { files: ['common/**'], rules: restrict([...noNode.paths, noElectron, ...noReact], [layer('renderer'), layer('host'), layer('drivers'), layer('electron'), layer('platform'), layer('browser-shell')]) },
  { files: ['drivers/**'], ignores: ['drivers/node/**'], rules: restrict([...noNode.paths.filter((p) => p.name !== 'iconv-lite' && p.name !== '@napi-rs/canvas'), noElectron, ...noReact], [layer('renderer'), layer('host'), layer('electron'), layer('platform'), layer('browser-shell')]) },
  { files: ['drivers/node/**'], rules: restrict([noElectron, ...noReact], [layer('renderer'), layer('host'), layer('electron'), layer('platform'), layer('browser-shell')]) },
  { files: ['host/**'], rules: restrict([noElectron, ...noReact], [layer('renderer'), layer('electron'), layer('platform'), layer('browser-shell')]) },
  { files: ['platform/**'], rules: restrict([noElectron, ...noReact], [layer('renderer'), layer('electron'), layer('host'), layer('drivers'), layer('browser-shell')]) },
  { files: ['renderer/**'], rules: restrict([...noNode.paths, noElectron], [layer('host'), layer('drivers'), layer('electron'), layer('platform'), layer('browser-shell')]) },
  { files: ['browser-shell/**'], rules: restrict([noElectron, ...noReact], [layer('renderer'), layer('electron'), layer('drivers')]) },
  { files: ['electron/**'], rules: restrict([...noReact], [layer('renderer'), layer('drivers'), layer('platform'), layer('browser-shell')]) },
);
