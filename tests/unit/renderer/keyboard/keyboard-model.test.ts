import { describe, expect, it } from 'vitest';
import { withIdCheckChar } from '../../../../common/identity/check-digits';
import {
  builtInVerdict,
  candidatePage,
  chooseCandidate,
  initialKeyboardState,
  isKeyEnabled,
  layoutFor,
  pressKey,
  type KeyAction,
  type KeyboardMode,
  type KeyboardState,
} from '../../../../renderer/src/keyboard/keyboard-model';
import { KEYBOARD_MESSAGES } from '../../../../renderer/src/keyboard/messages';
import { PinyinEngine, type PinyinDictionary } from '../../../../renderer/src/keyboard/pinyin-engine';
import dictionary from '../../../../renderer/src/keyboard/pinyin-dictionary.json';

const engine = new PinyinEngine(dictionary as PinyinDictionary);
const MODES: KeyboardMode[] = ['pinyin', 'letters', 'digits', 'numeric', 'id-number', 'phone'];

function typeAll(mode: KeyboardMode, keys: (string | KeyAction)[], maxLength = 100, start = '') {
  let state: KeyboardState = initialKeyboardState(mode);
  let value = start;
  let done = false;
  for (const k of keys) {
    const action: KeyAction = typeof k === 'string' ? { type: 'char', char: k } : k;
    const r = pressKey(state, value, action, { maxLength, engine });
    state = r.state;
    value = r.value;
    done ||= r.done;
  }
  return { state, value, done };
}

describe('layouts', () => {
  it('every mode has backspace and done, unique test ids, and named keys', () => {
    for (const mode of MODES) {
      const keys = layoutFor(mode).flat();
      const ids = keys.map((k) => k.testId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(['key-backspace', 'key-done', 'key-clear']));
      for (const k of keys) {
        const name = k.name ?? k.label;
        const text = 'text' in name ? name.text : KEYBOARD_MESSAGES['zh-CN'][name.message];
        expect(text.trim().length).toBeGreaterThan(0);
      }
    }
    expect(layoutFor('id-number').flat().map((k) => k.testId)).toEqual(expect.arrayContaining([...'0123456789X'].map((c) => `key-${c}`)));
    expect(layoutFor('letters', { upper: true }).flat().map((k) => k.testId)).toContain('key-Q');
  });

  it('has both languages complete', () => {
    expect(Object.keys(KEYBOARD_MESSAGES.en).sort()).toEqual(Object.keys(KEYBOARD_MESSAGES['zh-CN']).sort());
  });
});

describe('pinyin typing', () => {
  it('composes letters, then a candidate commits and the rest stays', () => {
    let { state, value } = typeAll('pinyin', [...'shebao']);
    expect(state.composition).toBe('shebao');
    expect(value).toBe('');
    const she = engine.candidates(state.composition).find((c) => c.text === '社')!;
    ({ state, value } = chooseCandidate(state, value, she, 100));
    expect(value).toBe('社');
    expect(state.composition).toBe('bao');
    const bao = engine.candidates(state.composition).find((c) => c.text === '保')!;
    ({ state, value } = chooseCandidate(state, value, bao, 100));
    expect(value).toBe('社保');
    expect(state.composition).toBe('');
  });

  it('space takes the first candidate; backspace removes letters first, then characters', () => {
    const r = typeAll('pinyin', [...'guangzhou', { type: 'space' }]);
    expect(r.value).toBe('广州');
    const r2 = typeAll('pinyin', [...'ab', { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }], 100, '张三');
    expect(r2.value).toBe('张');
    expect(r2.state.composition).toBe('');
  });

  it('done keeps letters being composed as typed, and finishes', () => {
    const r = typeAll('pinyin', [...'abc', { type: 'done' }], 100, '李');
    expect(r).toMatchObject({ value: '李abc', done: true });
  });

  it('the separator forces a syllable break', () => {
    const r = typeAll('pinyin', [...'xi', { type: 'separator' }, ...'an', { type: 'space' }]);
    expect(r.value).toBe('西安');
  });

  it('respects maxLength when choosing a word', () => {
    const { state } = typeAll('pinyin', [...'guangzhou']);
    const r = chooseCandidate(state, '一二三', engine.candidates('guangzhou')[0]!, 4);
    expect(r.value).toBe('一二三');
    expect(r.refused).toBe('full');
  });
});

describe('other modes', () => {
  it('letters: shift toggles capitals', () => {
    const r = typeAll('letters', ['a', { type: 'shift' }, 'B', { type: 'space' }, 'c']);
    expect(r.value).toBe('aB c');
    expect(r.state.upper).toBe(true);
  });

  it('id-number: 18 characters, X only last, live verdict', () => {
    const id = withIdCheckChar('44010619900307123');
    const r = typeAll('id-number', [...id, '5'], 18);
    expect(r.value).toBe(id);
    expect(builtInVerdict('id-number', r.value)).toMatchObject({ tone: 'ok' });
    expect(typeAll('id-number', ['1', 'X'], 18).value).toBe('1');
    expect(builtInVerdict('id-number', '4401')).toMatchObject({ tone: 'info', params: { count: 14 } });
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(builtInVerdict('id-number', wrong)).toMatchObject({ tone: 'error', message: 'keyboard.id.check-digit' });
    expect(builtInVerdict('id-number', '440106199013071234')).toMatchObject({ tone: 'error', message: 'keyboard.id.birth-date' });
    const x = layoutFor('id-number').flat().find((k) => k.testId === 'key-X')!;
    expect(isKeyEnabled(x, initialKeyboardState('id-number'), '4401', 18)).toBe(false);
    expect(isKeyEnabled(x, initialKeyboardState('id-number'), '1'.repeat(17), 18)).toBe(true);
  });

  it('phone: counts the digits of a mobile number', () => {
    expect(builtInVerdict('phone', '138')).toMatchObject({ tone: 'info', params: { count: 8 } });
    expect(builtInVerdict('phone', '13800138000')).toMatchObject({ tone: 'ok' });
    expect(builtInVerdict('phone', '020-1234')).toBeNull();
  });

  it('clear empties everything; mode switch keeps composed letters', () => {
    expect(typeAll('digits', ['1', '2', { type: 'clear' }]).value).toBe('');
    const r = typeAll('pinyin', [...'ab', { type: 'mode', mode: 'digits' }, '1']);
    expect(r).toMatchObject({ value: 'ab1', state: { mode: 'digits', composition: '' } });
  });
});

describe('candidate pages', () => {
  it('pages without going out of range', () => {
    const all = engine.candidates('shi');
    const p0 = candidatePage(all, 0, 6);
    expect(p0).toMatchObject({ hasPrev: false, hasNext: true, page: 0 });
    expect(p0.items).toHaveLength(6);
    expect(candidatePage(all, 9999, 6).hasNext).toBe(false);
    expect(candidatePage([], 3, 6)).toMatchObject({ items: [], hasPrev: false, hasNext: false, page: 0 });
  });
});
