/** What a print outcome means for the citizen: done, or what went wrong and who can help. */
import type { PrintOutcome } from '../../../common/ipc/protocol';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { Icon } from './Icons';

export function PrintNotice({ outcome, what, onRetry, testId }: { outcome: PrintOutcome | null; what: string; onRetry?: () => void; testId: string }) {
  const { t } = useI18n();
  if (outcome === null)
    return (
      <p className="print-notice print-notice--busy" role="status" data-testid={testId} data-state="printing">
        <Icon name="printer" size={40} /> {t('print.printing', { what })}
      </p>
    );
  if (outcome.printed)
    return (
      <p className="print-notice print-notice--ok" role="status" data-testid={testId} data-state="printed">
        <Icon name="check" size={40} /> {t('print.done', { what })}
      </p>
    );
  return (
    <div className="print-notice print-notice--bad" role="alert" data-testid={testId} data-state="failed" data-reason={outcome.reason}>
      <p>
        <Icon name="warning" size={40} /> {t('print.failed', { what })} {t(`print.reason.${outcome.reason}` as MessageKey)}
      </p>
      <p className="print-notice__help">{t('print.askStaff')}</p>
      {onRetry ? (
        <button type="button" className="button" data-testid={`${testId}-retry`} onClick={onRetry}>
          {t('print.retry')}
        </button>
      ) : null}
    </div>
  );
}
