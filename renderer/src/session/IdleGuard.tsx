/**
 * Watches for inactivity (pointerdown / keydown anywhere on the page) and, before the session is
 * reset, shows a large countdown with a big 继续办理 / Continue button. When the time is up it calls
 * `onReset` — the flows wipe everything of the session there and go home — and starts over.
 *
 *   <IdleGuard timeoutSeconds={effectiveIdleSeconds(hall.idleResetSeconds, elderly)} onReset={wipeAndGoHome}
 *              enabled={route.screen !== 'home'} voice={elderly} />
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { speak, stopSpeaking } from '../voice/voice';
import { createIdleTimer, type IdleSnapshot, type IdleTimer } from './idle-timer';
import { sessionText } from './messages';
import './session.css';

export interface IdleGuardProps {
  /** Seconds without a tap before the reset (use effectiveIdleSeconds(hall.idleResetSeconds, elderly)). */
  timeoutSeconds: number;
  /** Wipe the session and return home. */
  onReset(): void;
  /** Off on the home screen, or while the kiosk itself is busy (printing). Default on. */
  enabled?: boolean;
  /** Countdown length, default 30 s, never under 20 s. */
  warningSeconds?: number;
  /** Say the warning aloud (elderly mode or voice switched on). */
  voice?: boolean;
}

export function IdleGuard({ timeoutSeconds, onReset, enabled = true, warningSeconds, voice = false }: IdleGuardProps) {
  const { language } = useI18n();
  const [snap, setSnap] = useState<IdleSnapshot | null>(null);
  const timer = useRef<IdleTimer | null>(null);
  const onResetRef = useRef(onReset);
  onResetRef.current = onReset;

  useEffect(() => {
    if (!enabled) {
      setSnap(null);
      return;
    }
    const t = createIdleTimer({
      timeoutSeconds,
      ...(warningSeconds !== undefined ? { warningSeconds } : {}),
      onChange: setSnap,
      onExpire: () => {
        stopSpeaking();
        onResetRef.current();
        t.restart();
      },
    });
    timer.current = t;
    const onActivity = () => t.activity();
    document.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    document.addEventListener('keydown', onActivity, { capture: true });
    return () => {
      document.removeEventListener('pointerdown', onActivity, { capture: true });
      document.removeEventListener('keydown', onActivity, { capture: true });
      t.dispose();
      timer.current = null;
    };
  }, [enabled, timeoutSeconds, warningSeconds]);

  const warning = snap?.phase === 'warning';
  useEffect(() => {
    if (warning && voice) speak('idle-warning', { language });
  }, [warning, voice, language]);

  if (!warning || !snap) return null;
  return (
    <div className="idle-overlay" data-testid="idle-warning">
      <div className="idle-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
        <h2 className="idle-dialog__title" id="idle-title">
          {sessionText(language, 'idle.title')}
        </h2>
        <div className="idle-dialog__count" data-testid="idle-seconds" aria-label={sessionText(language, 'idle.countdown', { seconds: snap.secondsLeft })}>
          <span className="idle-dialog__number">{snap.secondsLeft}</span>
          <span className="idle-dialog__unit">{sessionText(language, 'idle.seconds')}</span>
        </div>
        <p className="idle-dialog__body" id="idle-body">
          {sessionText(language, 'idle.body', { seconds: snap.secondsLeft })}
        </p>
        <button type="button" className="idle-dialog__continue" data-testid="idle-continue" autoFocus onClick={() => timer.current?.continueSession()}>
          {sessionText(language, 'idle.continue')}
        </button>
        <button
          type="button"
          className="idle-dialog__end"
          data-testid="idle-end"
          onClick={() => {
            stopSpeaking();
            onResetRef.current();
            timer.current?.restart();
          }}
        >
          {sessionText(language, 'idle.end')}
        </button>
      </div>
    </div>
  );
}
