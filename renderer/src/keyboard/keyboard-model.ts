/**
 * The on-screen keyboard without React: its layouts per mode, and what each key press does to the
 * value and the pinyin being composed. OnScreenKeyboard.tsx only draws this and forwards taps.
 */
import { checkIdNumber } from '../../../common/identity/check-digits';
import type { Candidate, PinyinEngine } from './pinyin-engine';
import type { KeyboardMessageKey } from './messages';

export type KeyboardMode = 'pinyin' | 'letters' | 'digits' | 'numeric' | 'id-number' | 'phone';
/** Modes a text field can switch between; numeric, id-number and phone keypads stand alone. */
export const TEXT_MODES: readonly KeyboardMode[] = ['pinyin', 'letters', 'digits'];

export type KeyAction =
  | { type: 'char'; char: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'space' }
  | { type: 'shift' }
  | { type: 'separator' }
  | { type: 'mode'; mode: KeyboardMode }
  | { type: 'done' };

export interface KeySpec {
  /** data-testid: key-<char>, key-backspace, key-done, key-mode-<mode>, … */
  testId: string;
  action: KeyAction;
  /** What the key shows: a character, or a message key for a named key. */
  label: { text: string } | { message: KeyboardMessageKey };
  /** Accessible name when it differs from the label. */
  name?: { text: string } | { message: KeyboardMessageKey };
  /** Relative width in its row (1 = a letter key). */
  width?: number;
  kind?: 'char' | 'function' | 'primary';
}

const charKey = (char: string, label = char): KeySpec => ({ testId: `key-${char}`, action: { type: 'char', char }, label: { text: label }, kind: 'char' });
const BACKSPACE: KeySpec = { testId: 'key-backspace', action: { type: 'backspace' }, label: { text: '⌫' }, name: { message: 'keyboard.key.backspace' }, width: 1.5, kind: 'function' };
const CLEAR: KeySpec = { testId: 'key-clear', action: { type: 'clear' }, label: { message: 'keyboard.key.clear' }, width: 1.5, kind: 'function' };
const DONE: KeySpec = { testId: 'key-done', action: { type: 'done' }, label: { message: 'keyboard.key.done' }, width: 2, kind: 'primary' };
const SPACE: KeySpec = { testId: 'key-space', action: { type: 'space' }, label: { message: 'keyboard.key.space' }, width: 4, kind: 'function' };

const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const SYMBOLS = ['-', '/', '.', ',', '@', '#', '(', ')', ':', '·', '_', '+'];

/** The rows of keys for a mode. `upper` capitalises letters mode. */
export function layoutFor(mode: KeyboardMode, options: { upper?: boolean } = {}): KeySpec[][] {
  switch (mode) {
    case 'pinyin':
      return [
        [...QWERTY[0]!].map((c) => charKey(c)),
        [...QWERTY[1]!].map((c) => charKey(c)),
        [...[...QWERTY[2]!].map((c) => charKey(c)), { testId: 'key-separator', action: { type: 'separator' }, label: { message: 'keyboard.key.separator' }, name: { message: 'keyboard.key.separator.name' }, width: 1.5, kind: 'function' }, BACKSPACE],
        [CLEAR, SPACE, DONE],
      ];
    case 'letters': {
      const letter = (c: string) => (options.upper ? charKey(c.toUpperCase()) : charKey(c));
      return [
        [...QWERTY[0]!].map(letter),
        [...QWERTY[1]!].map(letter),
        [
          { testId: 'key-shift', action: { type: 'shift' }, label: { message: options.upper ? 'keyboard.key.shift.lower' : 'keyboard.key.shift.upper' }, width: 1.5, kind: 'function' },
          ...[...QWERTY[2]!].map(letter),
          BACKSPACE,
        ],
        [CLEAR, SPACE, DONE],
      ];
    }
    case 'digits':
      return [[...'1234567890'].map((c) => charKey(c)), SYMBOLS.slice(0, 6).map((c) => charKey(c)), [...SYMBOLS.slice(6).map((c) => charKey(c)), BACKSPACE], [CLEAR, SPACE, DONE]];
    case 'numeric':
      return keypad([charKey('.'), charKey('0'), BACKSPACE]);
    case 'id-number':
      return keypad([charKey('X'), charKey('0'), BACKSPACE]);
    case 'phone':
      return keypad([charKey('-'), charKey('0'), BACKSPACE]);
  }
}

function keypad(bottom: KeySpec[]): KeySpec[][] {
  const rows = ['123', '456', '789'].map((r) => [...r].map((c) => charKey(c)));
  return [...rows, bottom.map((k) => ({ ...k, width: 1 })), [{ ...CLEAR, width: 1 }, { ...DONE, width: 2 }]];
}

/** Default maximum length per mode (characters). */
export function defaultMaxLength(mode: KeyboardMode): number {
  switch (mode) {
    case 'id-number':
      return 18;
    case 'phone':
      return 20;
    case 'numeric':
      return 12;
    default:
      return 100;
  }
}

/** The longest pinyin composed before a candidate must be chosen. */
export const MAX_COMPOSITION = 30;

export interface KeyboardState {
  mode: KeyboardMode;
  /** Pinyin letters typed and not yet turned into characters (pinyin mode only). */
  composition: string;
  /** The page of candidates shown. */
  page: number;
  upper: boolean;
}

export function initialKeyboardState(mode: KeyboardMode): KeyboardState {
  return { mode, composition: '', page: 0, upper: false };
}

export interface PressResult {
  state: KeyboardState;
  value: string;
  done: boolean;
  /** A press that did nothing (full, or not allowed here): the UI may give a gentle cue. */
  refused?: KeyboardMessageKey | 'full';
}

const length = (s: string) => Array.from(s).length;

/** Whether a key is usable now (disabled keys stay in place so nothing moves under the finger). */
export function isKeyEnabled(key: KeySpec, state: KeyboardState, value: string, maxLength: number): boolean {
  if (key.action.type !== 'char') return true;
  if (state.mode === 'id-number' && key.action.char === 'X') return length(value) === 17;
  if (state.mode === 'pinyin') return state.composition.length < MAX_COMPOSITION && length(value) < maxLength;
  return length(value) < maxLength;
}

/** What pressing a key does. `engine` may be null while the dictionary loads (letters still compose). */
export function pressKey(state: KeyboardState, value: string, action: KeyAction, options: { maxLength: number; engine: PinyinEngine | null }): PressResult {
  const { maxLength, engine } = options;
  const same = (refused?: PressResult['refused']): PressResult => ({ state, value, done: false, ...(refused ? { refused } : {}) });
  const composing = state.mode === 'pinyin' && state.composition.length > 0;
  switch (action.type) {
    case 'char': {
      if (state.mode === 'pinyin' && /^[a-z]$/.test(action.char)) {
        if (state.composition.length >= MAX_COMPOSITION || length(value) >= maxLength) return same('full');
        return { state: { ...state, composition: state.composition + action.char, page: 0 }, value, done: false };
      }
      if (length(value) >= maxLength) return same('full');
      if (state.mode === 'id-number') {
        const char = action.char.toUpperCase();
        if (!/^[0-9X]$/.test(char)) return same('keyboard.id.characters');
        if (char === 'X' && length(value) !== 17) return same('keyboard.id.xOnlyLast');
        return { state, value: value + char, done: false };
      }
      return { state, value: value + action.char, done: false };
    }
    case 'separator':
      if (!composing || state.composition.endsWith("'")) return same();
      return { state: { ...state, composition: `${state.composition}'`, page: 0 }, value, done: false };
    case 'backspace':
      if (composing) return { state: { ...state, composition: state.composition.slice(0, -1), page: 0 }, value, done: false };
      return { state, value: Array.from(value).slice(0, -1).join(''), done: false };
    case 'clear':
      return { state: { ...state, composition: '', page: 0 }, value: '', done: false };
    case 'space': {
      if (composing) {
        // Space takes the first candidate, as in every pinyin input method.
        const first = engine?.candidates(state.composition, 1)[0];
        return first ? chooseCandidate(state, value, first, maxLength) : same();
      }
      if (length(value) >= maxLength) return same('full');
      return { state, value: `${value} `, done: false };
    }
    case 'shift':
      return { state: { ...state, upper: !state.upper }, value, done: false };
    case 'mode': {
      const committed = commitLetters(state, value, maxLength);
      return { state: { ...committed.state, mode: action.mode, page: 0 }, value: committed.value, done: false };
    }
    case 'done': {
      // Letters still being composed are kept as typed rather than guessed into characters.
      const committed = commitLetters(state, value, maxLength);
      return { ...committed, done: true };
    }
  }
}

function commitLetters(state: KeyboardState, value: string, maxLength: number): { state: KeyboardState; value: string } {
  if (!state.composition) return { state, value };
  const letters = state.composition.replace(/'/g, '');
  return { state: { ...state, composition: '', page: 0 }, value: Array.from(value + letters).slice(0, maxLength).join('') };
}

/** Commits a candidate: its text joins the value, the letters it did not use stay to be composed. */
export function chooseCandidate(state: KeyboardState, value: string, candidate: Candidate, maxLength: number): PressResult {
  if (length(value) + length(candidate.text) > maxLength) return { state, value, done: false, refused: 'full' };
  const rest = state.composition.slice(candidate.consumed).replace(/^'+/, '');
  return { state: { ...state, composition: rest, page: 0 }, value: value + candidate.text, done: false };
}

/** Candidates of one page, and whether there are pages before and after it. */
export function candidatePage(candidates: readonly Candidate[], page: number, perPage: number): { items: Candidate[]; hasPrev: boolean; hasNext: boolean; page: number } {
  const pages = Math.max(1, Math.ceil(candidates.length / perPage));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: candidates.slice(current * perPage, (current + 1) * perPage), hasPrev: current > 0, hasNext: current < pages - 1, page: current };
}

export type FieldVerdict = { tone: 'info' | 'ok' | 'error'; message: KeyboardMessageKey; params?: Record<string, string | number> } | null;

/** The live verdict the keyboard shows for the modes that have one. */
export function builtInVerdict(mode: KeyboardMode, value: string): FieldVerdict {
  if (mode === 'id-number') {
    if (value.length === 0) return { tone: 'info', message: 'keyboard.id.remaining', params: { count: 18 } };
    if (value.length < 18) return { tone: 'info', message: 'keyboard.id.remaining', params: { count: 18 - value.length } };
    const check = checkIdNumber(value);
    if (check.ok) return { tone: 'ok', message: 'keyboard.id.ok' };
    return { tone: 'error', message: `keyboard.id.${check.problem}` };
  }
  if (mode === 'phone' && /^1\d*$/.test(value)) {
    if (value.length < 11) return { tone: 'info', message: 'keyboard.phone.remaining', params: { count: 11 - value.length } };
    if (value.length === 11) return { tone: 'ok', message: 'keyboard.phone.ok' };
  }
  return null;
}
