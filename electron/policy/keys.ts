/**
 * Which keyboard inputs the kiosk swallows in `before-input-event`, before the page or Chromium sees
 * them. Only browser and window shortcuts: letters, digits, Enter, Tab, Backspace, arrows and
 * Shift-combinations pass, because a keyboard-wedge scanner "types" its payload and the page has an
 * on-screen keyboard. Ctrl+letter is passed unless listed, since some scanners send control
 * characters (Ctrl+J, Ctrl+M) as separators. Pure.
 */
import type { Input } from 'electron';

export type KeyInput = Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'alt' | 'shift'>;

export type BlockedReason = 'reload' | 'devtools' | 'zoom' | 'print' | 'close' | 'fullscreen' | 'view-source' | 'find' | 'save' | 'navigation';

const FUNCTION_KEYS: Record<string, BlockedReason> = {
  F5: 'reload',
  F11: 'fullscreen',
  F12: 'devtools',
  BrowserRefresh: 'reload',
  BrowserBack: 'navigation',
  BrowserForward: 'navigation',
  BrowserHome: 'navigation',
  BrowserStop: 'navigation',
  BrowserSearch: 'find',
};

/** Ctrl/Cmd + letter (no Shift, no Alt) that trigger a browser action. */
const ACCEL_LETTERS: Record<string, BlockedReason> = {
  r: 'reload',
  p: 'print',
  w: 'close',
  q: 'close',
  u: 'view-source',
  f: 'find',
  s: 'save',
};

/** Ctrl/Cmd + Shift + letter. */
const ACCEL_SHIFT_LETTERS: Record<string, BlockedReason> = {
  r: 'reload',
  i: 'devtools',
  j: 'devtools',
  c: 'devtools',
  p: 'print',
  w: 'close',
  q: 'close',
  s: 'save',
};

const ZOOM_KEYS = new Set(['+', '-', '=', '_', '0']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

/** The letter a key press stands for, from `code` (layout-independent) or `key`. */
function letterOf(input: KeyInput): string | undefined {
  const fromCode = /^Key([A-Z])$/.exec(input.code ?? '');
  if (fromCode?.[1]) return fromCode[1].toLowerCase();
  return /^[A-Za-z]$/.test(input.key) ? input.key.toLowerCase() : undefined;
}

/** Why this input is swallowed, or undefined when it passes to the page. */
export function blockedReason(input: KeyInput): BlockedReason | undefined {
  const fn = FUNCTION_KEYS[input.key] ?? FUNCTION_KEYS[input.code];
  if (fn) return fn;

  if (input.alt && !input.control && !input.meta) {
    if (input.key === 'F4' || input.code === 'F4') return 'close';
    if (['ArrowLeft', 'ArrowRight', 'Home'].includes(input.key)) return 'navigation';
  }

  const accel = input.control || input.meta;
  if (!accel) return undefined;

  if (ZOOM_KEYS.has(input.key) || ZOOM_CODES.has(input.code)) return 'zoom';

  const letter = letterOf(input);
  if (letter === undefined || input.alt) return undefined;
  return input.shift ? ACCEL_SHIFT_LETTERS[letter] : ACCEL_LETTERS[letter];
}

export function shouldBlockInput(input: KeyInput): boolean {
  return blockedReason(input) !== undefined;
}
