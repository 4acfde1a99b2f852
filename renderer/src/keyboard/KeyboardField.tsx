/**
 * A form field typed on the on-screen keyboard. It shows the value large, read-only, with a caret —
 * never a focusable native <input>, which would summon the system keyboard — and opens the keyboard
 * for itself when tapped. One keyboard is open at a time: opening another field closes this one.
 *
 *   <KeyboardField label="姓名" value={name} onChange={setName} mode="pinyin" />
 *   <KeyboardField label="身份证号码" value={id} onChange={setId} mode="id-number"
 *                  validate={(v) => (v && !isValidIdNumber(v) ? '请核对号码' : null)} />
 */
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/i18n';
import { OnScreenKeyboard } from './OnScreenKeyboard';
import { builtInVerdict, type KeyboardMode } from './keyboard-model';
import { keyboardText } from './messages';
import './keyboard.css';

export interface KeyboardFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  mode: KeyboardMode;
  /** A message telling how to fix the value, or null when it is fine. Shown once something was typed. */
  validate?(value: string): string | null;
  maxLength?: number;
  /** Shown greyed when empty (e.g. 请输入姓名). */
  placeholder?: string;
  /** Modes the keyboard may switch between (see OnScreenKeyboard). */
  modes?: readonly KeyboardMode[];
  /** Open the keyboard as soon as the field appears (the first field of a form). */
  autoOpen?: boolean;
  /** Called after 完成 closes the keyboard, with the final value. */
  onDone?(value: string): void;
  /** data-testid of the field; the keyboard gets `<testId>-keyboard`. Default `keyboard-field`. */
  testId?: string;
  /** How to display the value when the keyboard is closed (e.g. masking); the keyboard always shows it plainly. */
  format?(value: string): string;
}

// Which field has the keyboard: a tiny store so that opening one field closes the others.
let activeField: string | null = null;
const listeners = new Set<() => void>();
function setActiveField(id: string | null) {
  activeField = id;
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l));
const snapshot = () => activeField;

/** Closes whichever keyboard is open (e.g. when the flow moves to another screen). */
export function closeOnScreenKeyboard(): void {
  setActiveField(null);
}

export function KeyboardField(props: KeyboardFieldProps) {
  const { language } = useI18n();
  const id = useId();
  const active = useSyncExternalStore(subscribe, snapshot, snapshot);
  const open = active === id;
  const [touched, setTouched] = useState(false);
  const testId = props.testId ?? 'keyboard-field';

  useEffect(() => {
    if (props.autoOpen) setActiveField(id);
    return () => {
      if (activeField === id) setActiveField(null);
    };
  }, [id, props.autoOpen]);

  const problem = props.validate && (touched || props.value) ? props.validate(props.value) : null;
  const builtIn = builtInVerdict(props.mode, props.value);
  const message = problem ? { text: problem, tone: 'error' as const } : null;
  const shown = props.format ? props.format(props.value) : props.value;
  const messageId = `${id}-message`;

  return (
    <div className={`kfield ${open ? 'kfield--open' : ''} ${problem ? 'kfield--invalid' : ''}`}>
      <div className="kfield__label" id={`${id}-label`}>
        {props.label}
      </div>
      <div
        className="kfield__display"
        role="textbox"
        aria-readonly="true"
        aria-labelledby={`${id}-label`}
        aria-describedby={problem ? messageId : undefined}
        aria-invalid={problem ? true : undefined}
        data-open={open}
        tabIndex={0}
        data-testid={testId}
        data-value={props.value}
        onClick={() => setActiveField(id)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            setActiveField(id);
          }
        }}
      >
        {shown ? <span className="kfield__value">{shown}</span> : <span className="kfield__placeholder">{props.placeholder ?? keyboardText(language, 'keyboard.open', { label: props.label })}</span>}
        {open ? <span className="osk__caret" aria-hidden="true" /> : null}
      </div>
      <div className={`kfield__message ${problem ? 'kfield__message--error' : builtIn?.tone === 'ok' ? 'kfield__message--ok' : ''}`} id={messageId} data-testid={`${testId}-message`}>
        {problem ?? (!open && props.value && builtIn ? keyboardText(language, builtIn.message, builtIn.params) : '\u00a0')}
      </div>
      {open ? (
        <div className="kfield__sheet">
          <OnScreenKeyboard
            mode={props.mode}
            value={props.value}
            label={props.label}
            onChange={(v) => {
              setTouched(true);
              props.onChange(v);
            }}
            onDone={(final) => {
              setTouched(true);
              setActiveField(null);
              props.onDone?.(final);
            }}
            message={message}
            testId={`${testId}-keyboard`}
            {...(props.maxLength !== undefined ? { maxLength: props.maxLength } : {})}
            {...(props.modes ? { modes: props.modes } : {})}
          />
        </div>
      ) : null}
    </div>
  );
}
