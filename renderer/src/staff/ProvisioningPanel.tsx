/**
 * The setup wizard (no enrollment yet) and re-enrollment (a technician, after a 401): the code
 * arrives from the QR scanner (`scanner.scanned` with a BMKP1 payload). The host checks the
 * signature and expiry (inspect), then enrolls (apply); every refusal says why.
 */
import { useEffect, useState } from 'react';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import { PROVISIONING_PREFIX } from '../../../common/provisioning/payload';
import { useStaffText } from './messages';

export function ProvisioningPanel({ client, session, onDone }: { client: RpcClient; session: string | null; onDone(): void }) {
  const t = useStaffText();
  const [payload, setPayload] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  useEffect(
    () =>
      client.on('scanner.scanned', (scan) => {
        if (!scan.text.startsWith(`${PROVISIONING_PREFIX}.`)) return;
        setPayload(null);
        setResult(null);
        client.call('staff.provisioning.inspect', { payload: scan.text }).then(
          (r) => {
            // Only a code whose signature and date check out can be applied.
            if (r.ok) setPayload(scan.text);
            setInfo(r.ok ? t('setup.scanned', { platform: r.platform, hall: r.hallId, expires: new Date(r.expiresAt).toLocaleString() }) : t('setup.refused', { message: t(`setup.reason.${r.reason}`) }));
          },
          (error: Error) => setInfo(t('common.error', { message: error.message })),
        );
      }),
    [client],
  );

  return (
    <section data-testid="staff-provisioning">
      <h2>{session ? t('tech.provision') : t('setup.title')}</h2>
      <p>{t('setup.intro')}</p>
      {info ? <p data-testid="staff-provisioning-info">{info}</p> : null}
      {payload ? (
        <button
          type="button"
          className="button button--primary"
          data-testid="staff-provisioning-apply"
          style={{ minHeight: 96 }}
          onClick={() => {
            client.call('staff.provisioning.apply', { payload, ...(session ? { session } : {}) }, 30_000).then(
              (r) => {
                setResult(r.ok ? t('setup.done', { hallName: r.hallName, terminalId: r.terminalId }) : t('setup.refused', { message: t(`setup.reason.${r.reason}`) }));
                if (r.ok) onDone();
              },
              (error: Error) => setResult(t('common.error', { message: error.message })),
            );
          }}
        >
          {t('setup.apply')}
        </button>
      ) : null}
      {result ? (
        <p role="status" data-testid="staff-provisioning-result">
          {result}
        </p>
      ) : null}
    </section>
  );
}
