/**
 * The on-screen keyboard: the only way to type on the kiosk (no system keyboard ever appears).
 * Controlled: the parent owns `value`; the keyboard owns the mode switch and the pinyin being composed.
 *
 *   <OnScreenKeyboard mode="pinyin" value={name} onChange={setName} onDone={close} label="姓名" />
 *
 * Big keys (≥ 72 px, 96 px in elderly mode), a tap is the only gesture, the candidate bar keeps its
 * height whether or not there is anything in it, and disabled keys keep their place.
 */
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useElderlyMode } from '../session/elderly-mode';
import {
  TEXT_MODES,
  builtInVerdict,
  candidatePage,
  chooseCandidate,
  defaultMaxLength,
  initialKeyboardState,
  isKeyEnabled,
  layoutFor,
  pressKey,
  type FieldVerdict,
  type KeyAction,
  type KeySpec,
  type KeyboardMode,
  type KeyboardState,
  type PressResult,
} from './keyboard-model';
import { keyboardText, type KeyboardMessageKey } from './messages';
import type { Candidate } from './pinyin-engine';
import { usePinyinEngine } from './use-pinyin-engine';
import './keyboard.css';

export interface OnScreenKeyboardProps {
  /** The mode to start in. Text modes (pinyin, letters, digits) can be switched between. */
  mode: KeyboardMode;
  value: string;
  onChange(value: string): void;
  /** The citizen pressed 完成, with the final value (letters still being composed are kept as typed first). */
  onDone(value: string): void;
  /** Maximum length in characters (defaults: id-number 18, phone 20, numeric 12, text 100). */
  maxLength?: number;
  /** What is being typed, shown above the keys and used for the keyboard's accessible name. */
  label?: string;
  /** Modes offered in the switch row; defaults to pinyin/letters/digits for a text mode, none for keypads. */
  modes?: readonly KeyboardMode[];
  /** A message under the echoed value (e.g. from a field's validate()); replaces the built-in verdict. */
  message?: { text: string; tone: 'info' | 'ok' | 'error' } | null;
  /** data-testid of the keyboard (default `on-screen-keyboard`). */
  testId?: string;
}

export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { language } = useI18n();
  const elderly = useElderlyMode();
  const text = (key: KeyboardMessageKey, params?: Record<string, string | number>) => keyboardText(language, key, params);
  const [state, setState] = useState<KeyboardState>(() => initialKeyboardState(props.mode));
  const [notice, setNotice] = useState<KeyboardMessageKey | 'full' | null>(null);
  useEffect(() => setState(initialKeyboardState(props.mode)), [props.mode]);

  const maxLength = props.maxLength ?? defaultMaxLength(state.mode);
  const { engine, failed } = usePinyinEngine(state.mode === 'pinyin');
  const candidates = useMemo<Candidate[]>(() => (engine && state.composition ? engine.candidates(state.composition) : []), [engine, state.composition]);
  const perPage = elderly ? 5 : 6;
  const page = candidatePage(candidates, state.page, perPage);
  const modes = props.modes ?? (TEXT_MODES.includes(props.mode) ? TEXT_MODES : []);
  const textFamily = TEXT_MODES.includes(state.mode);

  const apply = (result: PressResult) => {
    setState(result.state);
    setNotice(result.refused ?? null);
    if (result.value !== props.value) props.onChange(result.value);
    if (result.done) props.onDone(result.value);
  };
  const press = (action: KeyAction) => apply(pressKey(state, props.value, action, { maxLength, engine }));
  const choose = (candidate: Candidate) => apply(chooseCandidate(state, props.value, candidate, maxLength));

  const verdict: FieldVerdict = props.message ? null : builtInVerdict(state.mode, props.value);
  const messageText = props.message?.text ?? (verdict ? text(verdict.message, verdict.params) : null);
  const messageTone = props.message?.tone ?? verdict?.tone ?? 'info';
  const labelOf = (l: KeySpec['label']) => ('text' in l ? l.text : text(l.message));
  const count = Array.from(props.value).length;

  return (
    <section
      className={`osk osk--${state.mode} ${textFamily ? 'osk--text' : 'osk--keypad'}`}
      role="group"
      aria-label={props.label ? text('keyboard.region', { label: props.label }) : text('keyboard.regionNoLabel')}
      data-testid={props.testId ?? 'on-screen-keyboard'}
      data-mode={state.mode}
    >
      <div className="osk__echo">
        {props.label ? <div className="osk__label">{props.label}</div> : null}
        <div className="osk__value" data-testid="keyboard-echo" aria-live="polite">
          <span className="osk__value-text">{props.value}</span>
          {state.composition ? (
            <span className="osk__composition" data-testid="keyboard-composition" aria-label={text('keyboard.composition', { letters: state.composition })}>
              {engine ? engine.segment(state.composition).join(' ') : state.composition}
            </span>
          ) : null}
          <span className="osk__caret" aria-hidden="true" />
        </div>
        <div className={`osk__message osk__message--${notice && notice !== 'full' ? 'error' : messageTone}`} data-testid="keyboard-message" role="status">
          {notice && notice !== 'full' ? text(notice) : messageText ?? (props.maxLength || !textFamily ? text('keyboard.count', { count, max: maxLength }) : '\u00a0')}
        </div>
      </div>

      {textFamily ? (
        <div className="osk__candidates" role="group" aria-label={text('keyboard.candidates')} data-testid="candidate-bar">
          <button type="button" className="osk__page" data-testid="candidates-prev" aria-label={text('keyboard.candidates.prev')} disabled={!page.hasPrev} onClick={() => setState({ ...state, page: page.page - 1 })}>
            ◀
          </button>
          <div className="osk__candidate-list">
            {state.mode !== 'pinyin' ? null : !state.composition ? (
              <span className="osk__hint">{text('keyboard.candidates.hint')}</span>
            ) : !engine ? (
              <span className="osk__hint">{failed ? text('keyboard.candidates.none') : text('keyboard.candidates.loading')}</span>
            ) : page.items.length === 0 ? (
              <span className="osk__hint">{text('keyboard.candidates.none')}</span>
            ) : (
              page.items.map((c, i) => (
                <button key={`${page.page}-${c.text}`} type="button" className={`osk__candidate osk__candidate--${c.kind}`} data-testid={`candidate-${i}`} onClick={() => choose(c)}>
                  {c.text}
                </button>
              ))
            )}
          </div>
          <button type="button" className="osk__page" data-testid="candidates-next" aria-label={text('keyboard.candidates.next')} disabled={!page.hasNext} onClick={() => setState({ ...state, page: page.page + 1 })}>
            ▶
          </button>
        </div>
      ) : null}

      {modes.length > 1 ? (
        <div className="osk__modes" role="group">
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              className="osk__mode"
              data-testid={`key-mode-${m}`}
              aria-pressed={state.mode === m}
              aria-label={text(`keyboard.mode.${m as 'pinyin' | 'letters' | 'digits'}.name`)}
              onClick={() => press({ type: 'mode', mode: m })}
            >
              {text(`keyboard.mode.${m as 'pinyin' | 'letters' | 'digits'}`)}
            </button>
          ))}
        </div>
      ) : null}

      <div className="osk__keys">
        {layoutFor(state.mode, { upper: state.upper }).map((row, r) => (
          <div className="osk__row" key={`${state.mode}-${r}`}>
            {row.map((key) => (
              <button
                key={key.testId}
                type="button"
                className={`osk__key osk__key--${key.kind ?? 'char'}`}
                style={{ flexGrow: key.width ?? 1 }}
                data-testid={key.testId}
                aria-label={key.name ? labelOf(key.name) : undefined}
                aria-pressed={key.action.type === 'shift' ? state.upper : undefined}
                disabled={!isKeyEnabled(key, state, props.value, maxLength)}
                onClick={() => press(key.action)}
              >
                {labelOf(key.label)}
              </button>
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}
