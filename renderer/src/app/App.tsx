/** The kiosk UI shell: header (hall, connectivity, language, senior mode), the current screen, device strip. */
import { useState } from 'react';
import { I18nProvider, type Language } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import type { HostLink } from '../host/host-connection';
import { useHostLinkState, useLiveStatus } from '../host/use-host';
import { HomeScreen, type HomeTile } from '../screens/HomeScreen';
import { ConnectivityBadge } from '../components/ConnectivityBadge';
import { DeviceStrip } from '../components/DeviceStrip';

export function App({ link }: { link: HostLink }) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const [elderly, setElderly] = useState(false);
  return (
    <I18nProvider language={language}>
      <div className={`kiosk ${elderly ? 'kiosk--elderly' : ''}`} lang={language} data-elderly={elderly}>
        <KioskFrame link={link} elderly={elderly} onToggleElderly={() => setElderly((v) => !v)} onToggleLanguage={() => setLanguage((l) => (l === 'zh-CN' ? 'en' : 'zh-CN'))} />
      </div>
    </I18nProvider>
  );
}

function KioskFrame(props: { link: HostLink; elderly: boolean; onToggleElderly(): void; onToggleLanguage(): void }) {
  const { t } = useI18n();
  const linkState = useHostLinkState(props.link);
  const live = useLiveStatus(props.link);
  const [notice, setNotice] = useState<HomeTile | null>(null);

  if (linkState.status === 'no-token') return <p className="splash" data-testid="host-no-token">{t('host.noToken')}</p>;
  if (!live.everConnected) return <p className="splash" data-testid="host-connecting">{t('host.connecting')}</p>;

  return (
    <>
      <header className="header">
        <div className="header__hall">
          <div className="header__name" data-testid="hall-name">{live.terminal?.hallName ?? t('home.hall.unknown')}</div>
          {live.terminal?.hotline ? <div className="header__hotline">{t('home.hotline', { hotline: live.terminal.hotline })}</div> : null}
        </div>
        <ConnectivityBadge connectivity={live.connectivity} />
        <div className="header__actions">
          <button type="button" className="pill" data-testid="toggle-language" onClick={props.onToggleLanguage}>
            {t('language.switch')}
          </button>
          <button type="button" className="pill" data-testid="toggle-elderly" aria-pressed={props.elderly} onClick={props.onToggleElderly}>
            {props.elderly ? t('elderly.on') : t('elderly.off')}
          </button>
        </div>
      </header>
      {linkState.status === 'connecting' ? (
        <div className="banner" role="status" data-testid="host-reconnecting">
          {t('host.reconnecting')}
        </div>
      ) : null}
      {notice ? (
        <main className="notice" data-testid="coming-soon">
          <p>{t('home.comingSoon')}</p>
          <button type="button" className="button button--primary" onClick={() => setNotice(null)}>
            {t('common.back')}
          </button>
        </main>
      ) : (
        <HomeScreen onTile={setNotice} />
      )}
      <footer className="footer" data-testid="host-link" data-status={linkState.status} data-connection={linkState.status === 'connected' ? linkState.connectionNumber : undefined}>
        <DeviceStrip devices={live.devices} />
      </footer>
    </>
  );
}
