/**
 * The staff modes, mounted by the app root in place of the citizen screens:
 *
 *   <StaffMode link={link} onExit={() => setStaff(false)} />                 (after the StaffDoor gesture)
 *   <StaffMode link={link} onExit={…} setup />                              (staff.status says not enrolled: the setup wizard)
 *
 * Everything goes through the host, which checks the session and role and audits each action. The
 * page keeps only the session token, in memory; `onExit` is called on sign-out, on the host's
 * `staff.sessionEnded` (inactivity, another sign-in) and on Exit, and nothing of the session is kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import type { MethodResult } from '../../../common/ipc/protocol';
import type { StaffSession } from '../../../common/ipc/methods/staff';
import type { HostLink } from '../host/host-connection';
import { useHostLinkState } from '../host/use-host';
import { useStaffText, type StaffMessageKey } from './messages';
import { PinPad } from './PinPad';
import { TechnicianPanel } from './TechnicianPanel';
import { HallManagerPanel } from './HallManagerPanel';
import { ProvisioningPanel } from './ProvisioningPanel';

type Status = MethodResult<'staff.status'>;

/** `onStartAssisted`: an assistant starts a citizen session on the citizen's behalf (代办/帮办); the staff session stays open meanwhile. */
export function StaffMode({ link, onExit, onStartAssisted }: { link: HostLink; onExit(): void; onStartAssisted?(session: StaffSession): void }) {
  const state = useHostLinkState(link);
  if (state.status !== 'connected') return null;
  return <StaffModeConnected client={state.client} onExit={onExit} onStartAssisted={onStartAssisted} />;
}

function StaffModeConnected({ client, onExit, onStartAssisted }: { client: RpcClient; onExit(): void; onStartAssisted: ((session: StaffSession) => void) | undefined }) {
  const t = useStaffText();
  const [status, setStatus] = useState<Status | null>(null);
  const [session, setSession] = useState<StaffSession | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [waitingCard, setWaitingCard] = useState(false);
  const lastTouch = useRef(0);

  const refresh = useCallback(() => {
    client.call('staff.status', {}).then(setStatus, (error: Error) => setMessage(error.message));
  }, [client]);
  useEffect(refresh, [refresh]);
  useEffect(() => client.on('staff.sessionEnded', () => onExit()), [client, onExit]);
  useEffect(() => client.on('staff.lockout', () => refresh()), [client, refresh]);

  const onResult = (result: MethodResult<'staff.signInWithPin'>) => {
    if (result.ok) {
      setSession(result.session);
      setMessage(null);
      return;
    }
    setMessage(refusalText(t, result));
  };

  // Activity on a staff screen postpones the host's inactivity timeout (at most one call per 10 s).
  const touch = () => {
    if (!session || Date.now() - lastTouch.current < 10_000) return;
    lastTouch.current = Date.now();
    client.call('staff.touch', { session: session.token }).catch(() => onExit());
  };

  const exit = () => {
    if (session) void client.call('staff.signOut', { session: session.token }).catch(() => undefined);
    if (waitingCard) void client.call('staff.cancelCardSignIn', {}).catch(() => undefined);
    onExit();
  };

  return (
    <main className="staff" data-testid="staff-mode" onPointerDown={touch} style={{ padding: 32, display: 'flex', flexDirection: 'column', gap: 24 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{t('staff.title')}</h1>
        <button type="button" className="button" data-testid="staff-exit" onClick={exit}>
          {session ? t('staff.signOut') : t('staff.exit')}
        </button>
      </header>
      {message ? (
        <p role="alert" data-testid="staff-message">
          {message}
        </p>
      ) : null}
      {status && !status.enrolled ? (
        <ProvisioningPanel client={client} session={null} onDone={refresh} />
      ) : session ? (
        <SignedIn client={client} session={session} idleSeconds={status?.idleTimeoutSeconds ?? 90} onStartAssisted={onStartAssisted} onError={(error) => setMessage(t('common.error', { message: error.message }))} />
      ) : status && status.staff.length === 0 ? (
        <p data-testid="staff-no-staff">{t('staff.noStaff')}</p>
      ) : status ? (
        chosen ? (
          <PinPad
            label={t('staff.enterPin', { name: status.staff.find((s) => s.staffId === chosen)?.name ?? chosen })}
            onCancel={() => setChosen(null)}
            onSubmit={(pin) => {
              client.call('staff.signInWithPin', { staffId: chosen, pin }).then(onResult, (error: Error) => setMessage(t('common.error', { message: error.message })));
            }}
          />
        ) : (
          <section>
            <h2>{t('staff.chooseStaff')}</h2>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
              {status.staff
                .filter((s) => s.pin)
                .map((s) => (
                  <button key={s.staffId} type="button" className="button" data-testid={`staff-choose-${s.staffId}`} style={{ minHeight: 96, minWidth: 200 }} onClick={() => setChosen(s.staffId)}>
                    {s.name}
                    <br />
                    <small>{s.roles.map((r) => t(`staff.role.${r}` as StaffMessageKey)).join(' · ')}</small>
                  </button>
                ))}
            </div>
            {status.cardSignInAvailable ? (
              waitingCard ? (
                // The host answers staff.status after it has armed the reader (requests are handled in order): only then is it ready for the card.
                <p data-testid="staff-card-waiting" data-armed={status.cardWaiting}>
                  {t(status.cardWaiting ? 'staff.card.waiting' : 'staff.card.preparing')}{' '}
                  <button type="button" className="button" onClick={() => void client.call('staff.cancelCardSignIn', {})}>
                    {t('staff.card.cancel')}
                  </button>
                </p>
              ) : (
                <button
                  type="button"
                  className="button"
                  data-testid="staff-card-sign-in"
                  style={{ minHeight: 96, marginTop: 24 }}
                  onClick={() => {
                    setWaitingCard(true);
                    setMessage(null);
                    client
                      .call('staff.signInWithCard', { timeoutSeconds: 30 }, 40_000)
                      .then(onResult, (error: Error) => setMessage(t('common.error', { message: error.message })))
                      .finally(() => {
                        setWaitingCard(false);
                        refresh();
                      });
                    refresh();
                  }}
                >
                  {t('staff.card')}
                </button>
              )
            ) : null}
          </section>
        )
      ) : null}
    </main>
  );
}

/** What the page says for a refused sign-in, in the page's language (the host's `message` is for logs and tests). */
function refusalText(t: ReturnType<typeof useStaffText>, result: Extract<MethodResult<'staff.signInWithPin'>, { ok: false }>): string {
  switch (result.reason) {
    case 'locked':
      return t('staff.locked', { time: new Date(result.lockout.lockedUntil ?? Date.now()).toLocaleTimeString() });
    case 'wrong-credential':
      return t('staff.wrong', { left: result.lockout.attemptsLeft });
    case 'unknown-card':
      return t('staff.card.unknown', { left: result.lockout.attemptsLeft });
    case 'no-staff-list':
      return t('staff.noStaff');
    case 'timeout':
      return t('staff.card.timeout');
    case 'cancelled':
      return t('staff.card.cancelled');
    case 'no-reader':
      return t('staff.card.noReader');
    case 'busy':
      return t('staff.card.busy');
  }
}

function SignedIn({ client, session, idleSeconds, onStartAssisted, onError }: { client: RpcClient; session: StaffSession; idleSeconds: number; onStartAssisted: ((session: StaffSession) => void) | undefined; onError(error: Error): void }) {
  const t = useStaffText();
  return (
    <section data-testid="staff-signed-in" data-staff-id={session.staffId}>
      <p>
        {t('staff.signedInAs', { name: session.name, staffId: session.staffId })} · {t('staff.idle', { seconds: idleSeconds })}
      </p>
      {session.roles.includes('technician') ? <TechnicianPanel client={client} session={session.token} /> : null}
      {session.roles.includes('hall-manager') ? <HallManagerPanel client={client} session={session.token} /> : null}
      {session.roles.includes('assistant') && onStartAssisted ? (
        <button
          type="button"
          className="button button--primary"
          data-testid="staff-start-assisted"
          style={{ minHeight: 96 }}
          // Audited on the host first; a refusal (the session ended meanwhile) shows as an error and starts nothing.
          onClick={() => void client.call('staff.assisted.start', { session: session.token }).then(() => onStartAssisted(session), onError)}
        >
          {t('staff.assistant.start')}
        </button>
      ) : null}
    </section>
  );
}
