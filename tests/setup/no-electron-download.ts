// Importing the real `electron` package in plain Node tries to download its binary and throws.
// Tests that need it mock it with vi.mock('electron', …); this guard makes a forgotten mock fail
// with a clear message instead of a network error.
import { vi } from 'vitest';

vi.mock('electron', () => {
  throw new Error('electron was imported without a mock: add vi.mock("electron", ...) to the test');
});
