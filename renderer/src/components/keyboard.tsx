/**
 * The one place the citizen flows get their on-screen keyboard from. The real keyboard (pinyin
 * candidates and all) is being built in renderer/src/keyboard/; until it lands this is a minimal
 * stand-in with the same props, so swapping it in is a change to this file only.
 *
 * No native input is ever focused: the field is a button showing the value, and the keys are
 * buttons — the system keyboard never appears.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

export type KeyboardMode = 'pinyin' | 'letters' | 'digits' | 'numeric' | 'id-number' | 'phone';

const ROWS: Record<KeyboardMode, string[][]> = {
  digits: [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9'], ['0']],
  phone: [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9'], ['0']],
  numeric: [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9'], ['-', '0', '.']],
  'id-number': [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9'], ['X', '0']],
  letters: [['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'], ['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P'], ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L'], ['Z', 'X', 'C', 'V', 'B', 'N', 'M', '-']],
  pinyin: [['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'], ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'], ['z', 'x', 'c', 'v', 'b', 'n', 'm']],
};

const MAX_LENGTH: Partial<Record<KeyboardMode, number>> = { phone: 11, 'id-number': 18 };

export interface OnScreenKeyboardProps {
  mode: KeyboardMode;
  value: string;
  onChange(value: string): void;
  onDone(): void;
}

export function OnScreenKeyboard({ mode, value, onChange, onDone }: OnScreenKeyboardProps) {
  const { t } = useI18n();
  const max = MAX_LENGTH[mode];
  const press = (key: string) => {
    if (max !== undefined && [...value].length >= max) return;
    onChange(value + key);
  };
  return (
    <div className={`osk osk--${mode}`} data-testid="osk" data-mode={mode} role="group" aria-label={t('keyboard.label')}>
      {ROWS[mode].map((row, i) => (
        <div className="osk__row" key={i}>
          {row.map((key) => (
            <button key={key} type="button" className="osk__key" data-testid={`osk-key-${key}`} onClick={() => press(key)}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="osk__row">
        <button type="button" className="osk__key osk__key--wide" data-testid="osk-backspace" onClick={() => onChange([...value].slice(0, -1).join(''))}>
          {t('keyboard.backspace')}
        </button>
        <button type="button" className="osk__key osk__key--wide" data-testid="osk-clear" onClick={() => onChange('')}>
          {t('keyboard.clear')}
        </button>
        <button type="button" className="osk__key osk__key--done" data-testid="osk-done" onClick={onDone}>
          {t('keyboard.done')}
        </button>
      </div>
    </div>
  );
}

export interface KeyboardFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  mode: KeyboardMode;
  /** A message saying how to fix the value, or null when it is fine. */
  validate?(value: string): string | null;
  testId?: string;
  /** Shown while the value is empty. */
  placeholder?: string;
}

/** A labelled value that opens the on-screen keyboard when tapped. */
export function KeyboardField({ label, value, onChange, mode, validate, testId, placeholder }: KeyboardFieldProps) {
  const [open, setOpen] = useState(false);
  const problem = validate && value !== '' ? validate(value) : null;
  return (
    <div className={`kfield ${open ? 'kfield--open' : ''}`}>
      <button type="button" className={`kfield__value ${problem ? 'kfield__value--bad' : ''}`} data-testid={testId} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="kfield__label">{label}</span>
        <span className="kfield__text">{value || <span className="kfield__placeholder">{placeholder ?? ''}</span>}</span>
      </button>
      {problem ? <p className="field-problem" role="alert">{problem}</p> : null}
      {open ? <OnScreenKeyboard mode={mode} value={value} onChange={onChange} onDone={() => setOpen(false)} /> : null}
    </div>
  );
}
