/**
 * The simulator panel: a separate page for a person (or a test) playing the hall's hardware —
 * place a card, scan a code, empty a printer, open its cover, unplug a device, cut the network —
 * and see every receipt and ticket the kiosk printed, as an image.
 */
import { useEffect, useState } from 'react';
import { DEVICE_ROLES, type DeviceRole, type DeviceStatus } from '../../../common/devices/status';
import type { SimulatorState } from '../../../common/ipc/protocol';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import type { HostLink } from '../host/host-connection';
import { useHostLinkState, useLiveStatus } from '../host/use-host';
import { useI18n } from '../i18n/i18n';
import { DeviceStrip } from '../components/DeviceStrip';

const SAMPLE_SCANS = [
  { label: 'receipt', text: 'BMK:R:L-DEMO-0001' },
  { label: 'appointment', text: 'BMK:A:YY-20261122-0001' },
  { label: 'licence', text: 'https://www.gsxt.gov.cn/verify?uniscid=91440101MA5CJQ4N59' },
  { label: '中文 (GB18030)', text: '广州市天河区政务服务中心', encoding: 'gb18030' as const },
];

export function SimulatorPanel({ link }: { link: HostLink }) {
  const { t } = useI18n();
  const linkState = useHostLinkState(link);
  const live = useLiveStatus(link);
  const [state, setState] = useState<SimulatorState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scanText, setScanText] = useState('');
  const [images, setImages] = useState<Record<string, string>>({});

  useEffect(
    () =>
      link.onConnected((client) => {
        client.call('simulator.state', {}).then(setState, (e: Error) => setError(e.message));
        client.on('simulator.changed', setState);
      }),
    [link],
  );

  const client: RpcClient | null = linkState.status === 'connected' ? linkState.client : null;
  const run = (action: (c: RpcClient) => Promise<SimulatorState | unknown>) => {
    if (!client) return;
    setError(null);
    action(client).then(
      (result) => {
        if (result && typeof result === 'object' && 'cards' in result) setState(result as SimulatorState);
      },
      (e: Error) => setError(e.message),
    );
  };

  useEffect(() => {
    if (!client || !state) return;
    for (const printed of state.printed.slice(0, 6)) {
      if (images[printed.id]) continue;
      client.call('simulator.printedImage', { id: printed.id }).then(({ pngDataUrl }) => setImages((prev) => ({ ...prev, [printed.id]: pngDataUrl })), () => undefined);
    }
  }, [client, state, images]);

  if (!state) return <p className="sim-loading" data-testid="simulator-loading">{t('host.connecting')}</p>;
  const plugged = (role: DeviceRole) => !state.unplugged.includes(role);

  return (
    <div className="sim" data-testid="simulator-panel">
      <h1>{t('simulator.title')}</h1>
      {error ? <p className="sim-error" role="alert">{error}</p> : null}
      <DeviceStrip devices={live.devices as Partial<Record<DeviceRole, DeviceStatus>>} />

      <section>
        <h2>{t('simulator.idcard')}</h2>
        <div className="sim-row">
          {state.cards.map((card) => (
            <button key={card.index} type="button" data-testid={`sim-place-card-${card.index}`} aria-pressed={state.presentCard === card.index} onClick={() => run((c) => c.call('simulator.placeCard', { index: card.index }))}>
              {t('simulator.place')} {card.label} <small>({card.cardType})</small>
            </button>
          ))}
          <button type="button" data-testid="sim-remove-card" onClick={() => run((c) => c.call('simulator.removeCard', {}))}>
            {t('simulator.remove')}
          </button>
          <PlugButton role="idcard-reader" plugged={plugged('idcard-reader')} run={run} />
        </div>
      </section>

      <section>
        <h2>{t('simulator.scanner')}</h2>
        <div className="sim-row">
          <input data-testid="sim-scan-text" value={scanText} maxLength={2048} onChange={(e) => setScanText(e.target.value)} aria-label={t('simulator.scanner')} />
          <button type="button" data-testid="sim-scan" disabled={scanText.length === 0} onClick={() => run((c) => c.call('simulator.scan', { text: scanText, encoding: 'utf-8' }))}>
            {t('simulator.scan')}
          </button>
          {SAMPLE_SCANS.map((sample) => (
            <button key={sample.label} type="button" onClick={() => run((c) => c.call('simulator.scan', { text: sample.text, encoding: sample.encoding ?? 'utf-8' }))}>
              {t('simulator.scan')}: {sample.label}
            </button>
          ))}
          <PlugButton role="qr-scanner" plugged={plugged('qr-scanner')} run={run} />
        </div>
      </section>

      <section>
        <h2>{t('simulator.printers')}</h2>
        {state.printers.map((printer) => (
          <div className="sim-row" key={printer.role} data-testid={`sim-printer-${printer.role}`}>
            <strong>{t(`device.${printer.role}`)}</strong>
            {(['ok', 'near-end', 'out'] as const).map((paper) => (
              <button key={paper} type="button" data-testid={`sim-${printer.role}-paper-${paper}`} aria-pressed={printer.paper === paper} onClick={() => run((c) => c.call('simulator.setPrinter', { role: printer.role, paper }))}>
                {t(`simulator.paper.${paper}`)}
              </button>
            ))}
            <button type="button" data-testid={`sim-${printer.role}-cover`} onClick={() => run((c) => c.call('simulator.setPrinter', { role: printer.role, coverOpen: !printer.coverOpen }))}>
              {printer.coverOpen ? t('simulator.cover.close') : t('simulator.cover.open')}
            </button>
            <button type="button" data-testid={`sim-${printer.role}-test`} onClick={() => run((c) => c.call('printer.printTestPage', { role: printer.role }))}>
              {t('simulator.testPage')}
            </button>
            <PlugButton role={printer.role} plugged={plugged(printer.role)} run={run} />
          </div>
        ))}
      </section>

      <section>
        <h2>{t('simulator.network')}</h2>
        <button type="button" data-testid="sim-network" aria-pressed={state.networkCut} onClick={() => run((c) => c.call('simulator.setNetwork', { cut: !state.networkCut }))}>
          {state.networkCut ? t('simulator.network.restore') : t('simulator.network.cut')}
        </button>
      </section>

      <section>
        <h2>{t('simulator.printed')}</h2>
        {state.printed.length === 0 ? <p>{t('simulator.printed.none')}</p> : null}
        <div className="sim-printed">
          {state.printed.map((printed) => (
            <figure key={printed.id} data-testid="sim-printed-item" data-role={printed.role}>
              {images[printed.id] ? <img src={images[printed.id]} alt={printed.text.slice(0, 200)} /> : <pre>{printed.text}</pre>}
              <figcaption>
                {t(`device.${printed.role}`)} · {new Date(printed.at).toLocaleTimeString()}
              </figcaption>
            </figure>
          ))}
        </div>
      </section>
    </div>
  );
}

function PlugButton({ role, plugged, run }: { role: DeviceRole; plugged: boolean; run: (action: (c: RpcClient) => Promise<unknown>) => void }) {
  const { t } = useI18n();
  return (
    <button type="button" data-testid={`sim-plug-${role}`} aria-pressed={!plugged} onClick={() => run((c) => c.call('simulator.setPlugged', { role, plugged: !plugged }))}>
      {plugged ? t('simulator.unplug') : t('simulator.plug')}
    </button>
  );
}

export const ALL_ROLES = DEVICE_ROLES;
