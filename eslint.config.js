// Lint, plus the layering rule (tools/eslint-layers.js): what may import what is decided by the
// top-level folder a file lives in, after VS Code's common / node / browser / electron-main split.
//   common/        pure TypeScript: no Node, no UI, no other layer
//   drivers/       protocol code, pure; drivers/node/ alone may use Node (transports, simulators on ports)
//   host/          the device host, Node; never UI or Electron (it also runs as a plain Node process)
//   platform/      the local intake platform; stands alone
//   renderer/      the page: never Node, Electron, drivers, host or platform
//   browser-shell/ and electron/: the two shells
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './tools/eslint-layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.kiosk-data/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { layers: layersPlugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'layers/allowed-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
  },
);
