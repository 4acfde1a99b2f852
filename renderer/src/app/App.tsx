/** The kiosk UI shell: header (hall, connectivity, language, senior mode, voice), the current flow, device strip. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { I18nProvider, type Language } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n';
import type { HostLink } from '../host/host-connection';
import { useHostLinkState, useLiveStatus } from '../host/use-host';
import { OutboxProvider, useOutbox } from '../outbox/outbox-context';
import { ElderlyModeProvider, IdleGuard, effectiveIdleSeconds } from '../session';
import { HomeScreen, type HomeTile } from '../screens/HomeScreen';
import { FindScreen } from '../screens/FindScreen';
import { ApplyScreen } from '../screens/ApplyScreen';
import { TicketScreen } from '../screens/TicketScreen';
import { ProgressScreen } from '../screens/ProgressScreen';
import { RatingScreen } from '../screens/RatingScreen';
import { ConnectivityBadge } from '../components/ConnectivityBadge';
import { DeviceStrip } from '../components/DeviceStrip';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Icon } from '../components/Icons';
import { closeOnScreenKeyboard } from '../components/keyboard';
import { sessionMachine, type Route } from '../flows/session';
import { useMachine } from '../flows/machine';
import { ServicesProvider, useServices, type AssistingStaff } from './services';
import type { StaffSession } from '../../../common/ipc/methods/staff';
import { StaffDoor } from '../staff/StaffDoor';
import { StaffMode } from '../staff/StaffMode';

export function App({ link }: { link: HostLink }) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const [elderly, setElderly] = useState(false);
  const [voice, setVoice] = useState(false);
  return (
    <I18nProvider language={language}>
      <ElderlyModeProvider elderly={elderly}>
        <div className={`kiosk ${elderly ? 'kiosk--elderly' : ''}`} lang={language} data-elderly={elderly}>
          <KioskFrame
            link={link}
            elderly={elderly}
            voice={voice || elderly}
            onToggleElderly={() => setElderly((v) => !v)}
            onToggleVoice={() => setVoice((v) => !v)}
            onToggleLanguage={() => setLanguage((l) => (l === 'zh-CN' ? 'en' : 'zh-CN'))}
          />
        </div>
      </ElderlyModeProvider>
    </I18nProvider>
  );
}

interface FrameProps {
  link: HostLink;
  elderly: boolean;
  voice: boolean;
  onToggleElderly(): void;
  onToggleVoice(): void;
  onToggleLanguage(): void;
}

function KioskFrame(props: FrameProps) {
  const { t } = useI18n();
  const linkState = useHostLinkState(props.link);
  const live = useLiveStatus(props.link);
  const [staffOpen, setStaffOpen] = useState(false);
  const closeStaff = useCallback(() => setStaffOpen(false), []);
  const assisted = useAssistedSession(props.link);
  // A terminal nobody has provisioned opens the technician's setup wizard instead of the citizen UI.
  const needsSetup = live.terminal?.enrollment === 'needs-provisioning';

  if (linkState.status === 'no-token') return <p className="splash" data-testid="host-no-token">{t('host.noToken')}</p>;
  if (!live.everConnected) return <p className="splash" data-testid="host-connecting">{t('host.connecting')}</p>;

  return (
    <>
      <header className="header">
        <div className="header__hall">
          {/* The staff door: hold the hall's name, then tap the corner (see staff/door-gesture.ts). */}
          <StaffDoor onOpen={() => setStaffOpen(true)}>
            <div className="header__name" data-testid="hall-name">
              {live.terminal?.hallName ?? t('home.hall.unknown')}
            </div>
          </StaffDoor>
          {live.terminal?.hotline ? <div className="header__hotline">{t('home.hotline', { hotline: live.terminal.hotline })}</div> : null}
        </div>
        <ConnectivityBadge connectivity={live.connectivity} />
        <div className="header__actions">
          <button type="button" className="pill" data-testid="toggle-language" lang={t('language.switch.lang')} onClick={props.onToggleLanguage}>
            {t('language.switch')}
          </button>
          <button type="button" className="pill" data-testid="toggle-voice" aria-pressed={props.voice} disabled={props.elderly} onClick={props.onToggleVoice}>
            <Icon name="voice" size={28} />
            {props.voice ? t('voice.on') : t('voice.off')}
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
      {/* The outbox keeps delivering whatever mode the screen is in. */}
      <OutboxProvider link={props.link}>
        {staffOpen || needsSetup ? (
          // The citizen screens are unmounted: nothing of a citizen's session survives a staff visit.
          <StaffMode
            link={props.link}
            onExit={closeStaff}
            onStartAssisted={(staff) => {
              assisted.start(staff);
              setStaffOpen(false);
            }}
          />
        ) : (
          // A new assisted session (or its end) starts the citizen screens afresh.
          <div className="assisted-scope" key={assisted.staff?.staffId ?? 'citizen'} onPointerDownCapture={assisted.staff ? assisted.touch : undefined}>
            {assisted.staff ? (
              <div className="banner banner--assisted" role="status" data-testid="assisted-banner">
                {t('assisted.banner', { name: assisted.staff.name, staffId: assisted.staff.staffId })}
                <button type="button" className="pill" data-testid="assisted-end" onClick={assisted.end}>
                  {t('assisted.end')}
                </button>
              </div>
            ) : null}
            <WithOutbox {...props} live={live} assistedBy={assisted.staff} />
          </div>
        )}
      </OutboxProvider>
      <footer className="footer" data-testid="host-link" data-status={linkState.status} data-connection={linkState.status === 'connected' ? linkState.connectionNumber : undefined}>
        <DeviceStrip devices={live.devices} />
      </footer>
    </>
  );
}

function WithOutbox(props: FrameProps & { live: ReturnType<typeof useLiveStatus>; assistedBy: AssistingStaff | null }) {
  const outbox = useOutbox();
  return (
    <ServicesProvider link={props.link} live={props.live} outbox={outbox} elderly={props.elderly} voice={props.voice} assistedBy={props.assistedBy}>
      <Flows />
    </ServicesProvider>
  );
}

const HOME_ROUTES: Record<HomeTile, Route> = {
  apply: { screen: 'find', purpose: 'apply' },
  guide: { screen: 'find', purpose: 'guide' },
  ticket: { screen: 'ticket' },
  appointment: { screen: 'ticket', appointment: true },
  progress: { screen: 'progress' },
};

/** The current flow. A reset remounts everything under a new session key: nothing of the last citizen survives. */
function Flows() {
  const { t } = useI18n();
  const services = useServices();
  const [session, sendSession] = useMachine(sessionMachine);
  const go = useCallback((route: Route) => sendSession({ type: 'GO', route }), [sendSession]);
  const reset = useCallback(() => {
    closeOnScreenKeyboard();
    sendSession({ type: 'RESET' });
  }, [sendSession]);
  const route = session.route;
  const idleSeconds = effectiveIdleSeconds(services.live.terminal?.idleResetSeconds ?? 120, services.elderly);

  let screen: React.ReactNode;
  switch (route.screen) {
    case 'home':
      screen = <HomeScreen onTile={(tile) => go(HOME_ROUTES[tile])} />;
      break;
    case 'find':
      screen = <FindScreen purpose={route.purpose} onHome={reset} onApply={(itemCode) => go({ screen: 'apply', itemCode })} onTicket={(serviceCode) => go({ screen: 'ticket', serviceCode })} />;
      break;
    case 'apply': {
      const item = services.catalog.status === 'ready' ? services.catalog.catalog.items.find((i) => i.code === route.itemCode) : undefined;
      screen = item ? (
        <ApplyScreen item={item} onHome={reset} onRate={(submissionId) => go({ screen: 'rate', subject: { submissionId } })} onTicket={(serviceCode) => go({ screen: 'ticket', serviceCode })} />
      ) : (
        <FindScreen purpose="apply" onHome={reset} onApply={(itemCode) => go({ screen: 'apply', itemCode })} onTicket={(serviceCode) => go({ screen: 'ticket', serviceCode })} />
      );
      break;
    }
    case 'ticket':
      screen = <TicketScreen {...(route.serviceCode ? { serviceCode: route.serviceCode } : {})} {...(route.appointment ? { appointment: true } : {})} onHome={reset} onRate={(ticketId) => go({ screen: 'rate', subject: { ticketId } })} />;
      break;
    case 'progress':
      screen = <ProgressScreen onHome={reset} />;
      break;
    case 'rate':
      screen = <RatingScreen subject={route.subject} onHome={reset} />;
      break;
  }
  return (
    <ErrorBoundary key={`eb-${session.session}`} message={t('error.screen')} action={t('common.home')} onReset={reset}>
      <div className="flow" key={session.session} data-testid="flow" data-route={route.screen}>
        {screen}
      </div>
      <IdleGuard timeoutSeconds={idleSeconds} onReset={reset} enabled={route.screen !== 'home'} voice={services.voice} />
    </ErrorBoundary>
  );
}

/**
 * 代办/帮办: a staff member (assistant role) works the citizen screens on a citizen's behalf. The
 * staff session on the host stays alive while they use the screen, and the assisted session ends
 * when they end it or when the host ends their staff session (inactivity, sign-out).
 */
function useAssistedSession(link: HostLink) {
  const [session, setSession] = useState<StaffSession | null>(null);
  const lastTouch = useRef(0);
  const client = () => {
    const state = link.getState();
    return state.status === 'connected' ? state.client : null;
  };
  useEffect(() => {
    if (!session) return;
    return link.onConnected((c) => {
      c.on('staff.sessionEnded', (ended) => {
        if (ended.staffId === session.staffId) setSession(null);
      });
    });
  }, [link, session]);
  return {
    staff: session ? { staffId: session.staffId, name: session.name } : null,
    start: (staff: StaffSession) => setSession(staff),
    end: () => {
      if (session) void client()?.call('staff.signOut', { session: session.token }).catch(() => undefined);
      setSession(null);
    },
    touch: () => {
      if (!session || Date.now() - lastTouch.current < 10_000) return;
      lastTouch.current = Date.now();
      client()
        ?.call('staff.touch', { session: session.token })
        .catch(() => setSession(null));
    },
  };
}
