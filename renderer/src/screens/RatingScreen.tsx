/** Rate (好差评): offered, never forced; reasons for the two lowest levels; stored through the outbox. */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useServices } from '../app/services';
import { isPoor, RATING_LEVELS, RATING_REASONS, ratingBody, ratingMachine, type RatingState, type RatingSubject } from '../flows/rating';
import { useMachine } from '../flows/machine';
import { newClientId } from '../flows/ids';
import { Screen } from '../components/Screen';
import { Icon } from '../components/Icons';
import { RATING_PROMPTS, useVoicePrompt } from '../components/voice';

export function RatingScreen({ subject, onHome }: { subject: RatingSubject; onHome(): void }) {
  const { t, language } = useI18n();
  const services = useServices();
  const [state, send] = useMachine(ratingMachine, { step: 'choose', level: null, reasons: [], problem: null });
  useVoicePrompt(RATING_PROMPTS[state.step], services.voice, language);

  const started = useRef<RatingState | null>(null);
  useEffect(() => {
    if (started.current === state) return;
    started.current = state;
    if (state.step === 'saving') {
      void services.outbox
        .enqueueRating({ ratingId: newClientId(), body: ratingBody(subject, state.level, state.reasons, new Date().toISOString(), services.assistedBy ? 'kiosk-assisted' : 'kiosk') })
        .then(() => send({ type: 'SAVED' }))
        .catch(() => send({ type: 'SAVE_FAILED' }));
    }
    if (state.step === 'skipped') onHome();
  });

  const choosing = state.step === 'choose' ? state : null;
  return (
    <Screen
      testId="rating-screen"
      title={t('rate.title')}
      onHome={onHome}
      actions={
        choosing ? (
          <>
            <button type="button" className="button" data-testid="rate-skip" onClick={() => send({ type: 'SKIP' })}>
              {t('rate.skip')}
            </button>
            <button type="button" className="button button--primary" data-testid="rate-submit" disabled={choosing.level === null} onClick={() => send({ type: 'SUBMIT' })}>
              {t('rate.submit')}
            </button>
          </>
        ) : state.step === 'failed' ? (
          <button type="button" className="button button--primary" data-testid="rate-retry" onClick={() => send({ type: 'SUBMIT' })}>
            {t('common.retry')}
          </button>
        ) : null
      }
    >
      <div data-testid={`rate-step-${state.step}`}>
        {choosing ? (
          <>
            <p className="lead">{t('rate.intro')}</p>
            <div className="rating" role="radiogroup" aria-label={t('rate.title')}>
              {RATING_LEVELS.map((level) => (
                <button key={level} type="button" role="radio" aria-checked={choosing.level === level} className={`rating__level rating__level--${level}`} data-testid={`rate-level-${level}`} onClick={() => send({ type: 'LEVEL', level })}>
                  <span className="rating__stars" aria-hidden="true">
                    {Array.from({ length: level }, (_, i) => (
                      <Icon key={i} name="star" size={28} />
                    ))}
                  </span>
                  {t(`rate.level.${level}` as MessageKey)}
                </button>
              ))}
            </div>
            {choosing.level !== null && isPoor(choosing.level) ? (
              <fieldset className="choice-field" data-testid="rate-reasons">
                <legend>{t('rate.reasons')}</legend>
                <div className="choice-field__options">
                  {RATING_REASONS.map((reason) => (
                    <button key={reason} type="button" className="option" aria-pressed={choosing.reasons.includes(reason)} data-testid={`rate-reason-${reason}`} onClick={() => send({ type: 'TOGGLE_REASON', reason })}>
                      {t(`rate.reason.${reason}` as MessageKey)}
                    </button>
                  ))}
                </div>
              </fieldset>
            ) : null}
            {choosing.problem ? (
              <p className="callout callout--bad" role="alert" data-testid="rate-problem">
                {t('rate.reasonNeeded')}
              </p>
            ) : null}
          </>
        ) : null}
        {state.step === 'saving' ? <p className="lead">{t('rate.saving')}</p> : null}
        {state.step === 'thanks' ? (
          <p className="lead done__title" data-testid="rate-thanks">
            <Icon name="check" size={56} /> {t('rate.thanks')}
          </p>
        ) : null}
        {state.step === 'failed' ? (
          <p className="callout callout--bad" role="alert">
            {t('rate.failed')}
          </p>
        ) : null}
      </div>
    </Screen>
  );
}
