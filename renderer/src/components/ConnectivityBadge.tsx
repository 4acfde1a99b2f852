import type { Connectivity } from '../../../common/ipc/protocol';
import { useI18n } from '../i18n/i18n';

/** Says whether the platform is reachable without alarming anyone: offline work is normal work. */
export function ConnectivityBadge({ connectivity }: { connectivity: Connectivity }) {
  const { t } = useI18n();
  return (
    <div className={`connectivity connectivity--${connectivity.platform}`} data-testid="connectivity" data-state={connectivity.platform} role="status">
      <span className="connectivity__dot" aria-hidden="true" />
      {t(`connectivity.${connectivity.platform}`)}
    </div>
  );
}
