import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Electron cannot be downloaded here; any import of it in a test must be mocked.
    setupFiles: ['tests/setup/no-electron-download.ts'],
  },
});
