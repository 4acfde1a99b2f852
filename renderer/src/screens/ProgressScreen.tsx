/** Look up progress (办件查询): by ID card, or by scanning a receipt. Results are masked. */
import { useEffect, useRef } from 'react';
import { classifyPayload } from '../../../common/scan/classify';
import { chinaDateTime } from '../../../common/time/china-time';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { errorCode, useHostEvent, useServices, useScan } from '../app/services';
import { progressMachine, type ProgressState } from '../flows/progress';
import { useMachine } from '../flows/machine';
import { Screen } from '../components/Screen';
import { Icon } from '../components/Icons';
import { CameraScan } from '../components/CameraScan';
import { PROGRESS_PROMPTS, useVoicePrompt } from '../components/voice';

export function ProgressScreen({ onHome }: { onHome(): void }) {
  const { t, language } = useI18n();
  const services = useServices();
  const [state, send] = useMachine(progressMachine);
  useVoicePrompt(PROGRESS_PROMPTS[state.step], services.voice, language);

  useHostEvent('idcard.presented', (card) => send({ type: 'CARD', idNumber: card.idNumber }));
  useScan((scan) => {
    const c = classifyPayload(scan.text);
    if (c.kind === 'receipt') send({ type: 'RECEIPT_SCANNED', reference: c.reference });
  });

  const started = useRef<ProgressState | null>(null);
  useEffect(() => {
    if (started.current === state) return;
    started.current = state;
    if (state.step === 'checking-receipt') {
      void services.outbox
        .lookup(state.reference)
        .then((lookup) => send({ type: 'LOCAL_RESULT', lookup }))
        .catch(() => send({ type: 'LOCAL_RESULT', lookup: null }));
    }
    if (state.step === 'looking') {
      const receiptNo = state.local?.receiptNo;
      void services
        .call('progress.lookup', { idNumber: state.idNumber, ...(receiptNo ? { receiptNo } : {}) })
        .then((r) => send({ type: 'RESULTS', items: r.items }))
        .catch((error: unknown) => {
          void errorCode(error);
          send({ type: 'UNAVAILABLE' });
        });
    }
  });

  const local = state.step === 'checking-receipt' || state.step === 'looking' ? null : state.local;
  return (
    <Screen
      testId="progress-screen"
      title={t('progress.title')}
      onHome={onHome}
      actions={
        state.step === 'results' || state.step === 'unavailable' ? (
          <button type="button" className="button" data-testid="progress-again" onClick={() => send({ type: 'AGAIN' })}>
            {t('progress.again')}
          </button>
        ) : null
      }
    >
      <div data-testid={`progress-step-${state.step}`}>
        {local ? (
          <div className="callout" data-testid="progress-local" data-state={local.state}>
            <p>
              {t('progress.local', { reference: local.localReference, service: local.serviceName ?? '' })} {t(`progress.local.${local.state}` as MessageKey)}
            </p>
            {local.receiptNo ? <p data-testid="progress-local-receipt">{t('progress.local.receiptNo', { receiptNo: local.receiptNo })}</p> : null}
          </div>
        ) : null}
        {state.step === 'waiting' ? (
          <div className="identify__ways">
            <div className="way way--primary" data-testid="progress-card-wait">
              <Icon name="card" size={96} />
              <p className="way__title">{state.local ? t('progress.cardForTimeline') : t('progress.placeCard')}</p>
            </div>
            <div className="way">
              <Icon name="scan" size={72} />
              <p className="way__title">{t('progress.scanReceipt')}</p>
            </div>
            <CameraScan />
            {state.problem ? (
              <p className="callout callout--bad" role="alert" data-testid="progress-problem">
                {t(`progress.problem.${state.problem}` as MessageKey)}
              </p>
            ) : null}
          </div>
        ) : null}
        {state.step === 'checking-receipt' || state.step === 'looking' ? (
          <p className="lead" role="status">
            {t('progress.looking')}
          </p>
        ) : null}
        {state.step === 'unavailable' ? (
          <p className="callout callout--bad" role="alert" data-testid="progress-unavailable">
            {t('progress.unavailable')}
          </p>
        ) : null}
        {state.step === 'results' ? (
          state.items.length === 0 ? (
            <p className="lead" data-testid="progress-none">
              {t('progress.none')}
            </p>
          ) : (
            <ul className="results" data-testid="progress-results">
              {state.items.slice(0, services.elderly ? 2 : 4).map((item) => (
                <li key={item.receiptNo} className="result" data-testid="progress-item">
                  <div className="result__head">
                    <span className="result__name">{item.serviceName}</span>
                    <span className={`badge badge--status`} data-testid="progress-status">
                      {t(`progress.status.${item.status}` as MessageKey)}
                    </span>
                  </div>
                  <p className="result__meta">
                    {t('progress.receiptNo', { receiptNo: item.receiptNo })}
                    {item.applicantMasked ? ` · ${t('progress.applicant', { name: item.applicantMasked })}` : ''}
                    {item.promisedBy ? ` · ${t('progress.promisedBy', { date: item.promisedBy })}` : ''}
                  </p>
                  <ol className="timeline">
                    {item.timeline.map((step) => (
                      <li key={`${step.at}-${step.stage}`}>
                        <span className="timeline__when">{chinaDateTime(step.at)}</span> {step.note ?? step.stage}
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>
    </Screen>
  );
}
