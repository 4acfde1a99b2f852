/** The identify step: privacy notice, applicant kind, ID card or keypad, confirmation, organisation. */
import { maskIdNumber, maskName } from '../../../common/identity/mask';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useServices } from '../app/services';
import type { IdentifyEvent, IdentifyMachineState } from '../flows/identify';
import { KeyboardField } from '../components/keyboard';
import { Icon } from '../components/Icons';
import { CameraScan } from '../components/CameraScan';

export function IdentifyStep({ state, send, onBackKind }: { state: IdentifyMachineState; send(e: IdentifyEvent): void; onBackKind(): void }) {
  const { t } = useI18n();
  const { live, assistedBy } = useServices();
  const at = state.at;
  const reader = live.devices['idcard-reader'];
  switch (at.step) {
    case 'privacy':
      return (
        <div className="privacy" data-testid="privacy-notice">
          {assistedBy ? (
            // Assisted: the staff member hands the screen to the citizen, whose consent this is.
            <p className="callout" role="status" data-testid="assisted-handover">
              {t('assisted.handover')}
            </p>
          ) : null}
          <h2>{t('privacy.title')}</h2>
          <ul className="plain">
            <li>{t('privacy.what')}</li>
            <li>{t('privacy.why')}</li>
            <li>{t('privacy.keep')}</li>
            <li>{t('privacy.wipe')}</li>
          </ul>
          <div className="button-row">
            <button type="button" className="button" data-testid="privacy-decline" onClick={() => send({ type: 'DECLINE' })}>
              {t('privacy.decline')}
            </button>
            <button type="button" className="button button--primary" data-testid="privacy-agree" onClick={() => send({ type: 'AGREE', at: new Date().toISOString() })}>
              {assistedBy ? t('assisted.agree') : t('privacy.agree')}
            </button>
          </div>
        </div>
      );
    case 'choose-kind':
      return (
        <div className="choice-grid" data-testid="choose-kind">
          {state.kinds.map((kind) => (
            <button key={kind} type="button" className="choice" data-testid={`kind-${kind}`} onClick={() => send({ type: 'CHOOSE_KIND', kind })}>
              <span className="choice__title">{t(`identify.kind.${kind}` as MessageKey)}</span>
            </button>
          ))}
        </div>
      );
    case 'person':
      return (
        <div className="identify" data-testid="identify-person">
          {assistedBy ? (
            <p className="callout" role="status" data-testid="assisted-take-back">
              {t('assisted.takeBack')}
            </p>
          ) : null}
          {state.chosenKind === 'organization' ? <p className="lead">{t('identify.agentFirst')}</p> : null}
          {at.entry === 'wait' ? (
            <div className="identify__ways">
              <div className="way way--primary" data-testid="identify-card-wait">
                <Icon name="card" size={96} />
                <p className="way__title">{t('identify.placeCard')}</p>
                <p className="hint">{t('identify.placeCard.hint')}</p>
                {reader && reader.state !== 'ready' && reader.state !== 'busy' ? (
                  <p className="callout callout--bad" role="alert" data-testid="reader-fault">
                    {t('identify.readerFault')}
                  </p>
                ) : null}
              </div>
              <button type="button" className="way" data-testid="identify-type" onClick={() => send({ type: 'TYPE_INSTEAD' })}>
                <Icon name="keypad" size={72} />
                <span className="way__title">{t('identify.typeInstead')}</span>
              </button>
              {state.kinds.length > 1 ? (
                <button type="button" className="button" data-testid="identify-back-kind" onClick={onBackKind}>
                  {t('common.back.step')}
                </button>
              ) : null}
            </div>
          ) : (
            <div className="identify__typing">
              <KeyboardField label={t('identify.idNumber')} value={at.idDraft} onChange={(value) => send({ type: 'ID_DRAFT', value })} mode="id-number" autoOpen testId="identify-id" />
              <KeyboardField label={t('identify.name')} value={at.nameDraft} onChange={(value) => send({ type: 'NAME_DRAFT', value })} mode="pinyin" modes={['pinyin', 'letters']} testId="identify-name" />
              <button type="button" className="button button--primary" data-testid="identify-submit" onClick={() => send({ type: 'SUBMIT_PERSON' })}>
                {t('common.next')}
              </button>
            </div>
          )}
          {at.problem ? (
            <p className="callout callout--bad" role="alert" data-testid="identify-problem">
              {t(`identify.problem.${at.problem}` as MessageKey)}
            </p>
          ) : null}
        </div>
      );
    case 'confirm-person':
      return (
        <div className="identify" data-testid="identify-confirm">
          <p className="lead">{at.person.source === 'manual' ? t('identify.confirm.manual') : t('identify.confirm.card')}</p>
          <dl className="facts facts--big">
            <dt>{t('identify.name')}</dt>
            <dd data-testid="identity-name">{at.reveal ? at.person.name : maskName(at.person.name)}</dd>
            <dt>{t('identify.idNumber')}</dt>
            <dd data-testid="identity-id">{at.reveal ? at.person.idNumber : maskIdNumber(at.person.idNumber)}</dd>
          </dl>
          <div className="button-row">
            <button type="button" className="button" data-testid="identity-reveal" aria-pressed={at.reveal} onClick={() => send({ type: 'REVEAL', reveal: !at.reveal })}>
              {at.reveal ? t('identify.hide') : t('identify.reveal')}
            </button>
            <button type="button" className="button" data-testid="identity-retry" onClick={() => send({ type: 'RETRY' })}>
              {t('identify.retry')}
            </button>
            <button type="button" className="button button--primary" data-testid="identity-confirm" onClick={() => send({ type: 'CONFIRM_PERSON' })}>
              {t('identify.confirm')}
            </button>
          </div>
        </div>
      );
    case 'organization':
      return (
        <div className="identify" data-testid="identify-organization">
          <p className="lead">{t('identify.org.intro')}</p>
          <CameraScan />
          <div className="identify__typing">
            <KeyboardField label={t('identify.org.uscc')} value={at.usccDraft} onChange={(value) => send({ type: 'USCC_DRAFT', value })} mode="letters" modes={['letters', 'digits']} maxLength={18} testId="org-uscc" />
            <KeyboardField label={t('identify.org.name')} value={at.orgName} onChange={(value) => send({ type: 'ORG_NAME', value })} mode="pinyin" modes={['pinyin', 'letters', 'digits']} testId="org-name" />
          </div>
          {at.problem ? (
            <p className="callout callout--bad" role="alert" data-testid="org-problem">
              {t(`identify.org.problem.${at.problem}` as MessageKey)}
            </p>
          ) : null}
          {at.warning ? (
            <div className="callout" role="alert" data-testid="org-warning">
              <p>{t('identify.org.warning')}</p>
              <button type="button" className="button" data-testid="org-accept-warning" onClick={() => send({ type: 'ACCEPT_WARNING' })}>
                {t('identify.org.acceptWarning')}
              </button>
            </div>
          ) : (
            <button type="button" className="button button--primary" data-testid="org-submit" onClick={() => send({ type: 'SUBMIT_ORGANIZATION' })}>
              {t('common.next')}
            </button>
          )}
        </div>
      );
    default:
      return null;
  }
}
