/**
 * Take a number (取号) and appointment check-in (预约签到). The flow is the ticket machine
 * (flows/ticket.ts); this file renders it and runs its effects: the appointment lookup, issuing the
 * number from the terminal's lease (works offline), queuing the ticket in the outbox, printing.
 */
import { useEffect, useRef, useState } from 'react';
import type { QueueCategoryLive } from '../../../common/ipc/methods/citizen';
import type { PrintOutcome } from '../../../common/ipc/protocol';
import { classifyPayload } from '../../../common/scan/classify';
import { chinaClock } from '../../../common/time/china-time';
import { useI18n, translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { errorCode, useHostEvent, useServices, type Services, useScan } from '../app/services';
import { estimateWait, initialTicket, ticketTransition, type IssuedTicket, type TicketEvent, type TicketRequest, type TicketState } from '../flows/ticket';
import { defineMachine, useMachine } from '../flows/machine';
import { Screen } from '../components/Screen';
import { KeyboardField } from '../components/keyboard';
import { PrintNotice } from '../components/PrintNotice';
import { Icon } from '../components/Icons';
import { CameraScan } from '../components/CameraScan';
import { TICKET_PROMPTS, useVoicePrompt } from '../components/voice';

export interface TicketScreenProps {
  serviceCode?: string;
  appointment?: boolean;
  onHome(): void;
  onRate(ticketId: string): void;
}

const zh = (key: MessageKey, params?: Record<string, string | number>) => translate('zh-CN', key, params);

/** The hall's categories with waiting counts; falls back to the catalog's copy of the configuration. */
function useCategories(services: Services): { categories: QueueCategoryLive[]; live: boolean; refresh(): Promise<QueueCategoryLive[]> } {
  const fallback: QueueCategoryLive[] = services.catalog.status === 'ready' ? services.catalog.queueCategories.map((c) => ({ ...c, open: true })) : [];
  const [got, setGot] = useState<{ categories: QueueCategoryLive[]; live: boolean } | null>(null);
  const { call } = services;
  const refresh = async () => {
    try {
      const summary = await call('queue.summary', {});
      setGot({ categories: summary.categories, live: summary.live });
      return summary.categories;
    } catch {
      return got?.categories ?? fallback;
    }
  };
  const first = useRef(false);
  useEffect(() => {
    if (first.current) return;
    first.current = true;
    void refresh();
  });
  // A hall manager paused or resumed a category: show it at once.
  useHostEvent('queue.pausedChanged', () => void refresh());
  return { categories: got?.categories ?? fallback, live: got?.live ?? false, refresh };
}

export function TicketScreen(props: TicketScreenProps) {
  const { t, language } = useI18n();
  const services = useServices();
  const [machine] = useState(() => defineMachine<TicketState, TicketEvent>({ name: 'ticket', initial: props.appointment ? { step: 'appointment', draft: '', problem: null } : initialTicket(props.serviceCode), transition: ticketTransition }));
  const [state, send] = useMachine(machine);
  const { categories, live, refresh } = useCategories(services);
  useVoicePrompt(TICKET_PROMPTS[state.step], services.voice, language);

  useScan((scan) => {
    const classified = classifyPayload(scan.text);
    if (classified.kind !== 'appointment') return;
    if (state.step === 'choose' || state.step === 'appointment' || state.step === 'appointment-refused') {
      if (state.step !== 'appointment') send({ type: 'START_APPOINTMENT' });
      send({ type: 'CODE', code: classified.code });
    }
  });

  useTicketEffects(state, send, services, refresh);

  const item = props.serviceCode && services.catalog.status === 'ready' ? services.catalog.catalog.items.find((i) => i.code === props.serviceCode) : undefined;
  const title = state.step.startsWith('appointment') || state.step === 'checking' ? t('ticket.title.appointment') : t('ticket.title');
  const back = (
    <button type="button" className="button" data-testid="ticket-back" onClick={() => send({ type: 'BACK' })}>
      <Icon name="back" size={32} />
      {t('common.back.step')}
    </button>
  );

  let body: React.ReactNode = null;
  let actions: React.ReactNode = null;
  switch (state.step) {
    case 'choose': {
      const recommended = item ? categories.find((c) => c.code === item.kiosk.queueCategory) : undefined;
      body = (
        <>
          {recommended ? <p className="lead">{t('ticket.forItem', { item: item!.name })}</p> : <p className="lead">{t('ticket.choose')}</p>}
          {!live ? (
            <p className="hint" data-testid="ticket-offline">
              {t('ticket.offline')}
            </p>
          ) : null}
          <CategoryGrid categories={recommended ? [recommended, ...categories.filter((c) => c !== recommended)] : categories} highlight={recommended?.code} live={live} onChoose={(category) => send({ type: 'CATEGORY', category })} />
        </>
      );
      actions = (
        <button type="button" className="button" data-testid="ticket-start-appointment" onClick={() => send({ type: 'START_APPOINTMENT' })}>
          <Icon name="appointment" size={32} />
          {t('ticket.haveAppointment')}
        </button>
      );
      break;
    }
    case 'priority':
      body = (
        <div data-testid="ticket-priority">
          <p className="lead">{t('ticket.priority.intro', { category: state.category.name })}</p>
          <button type="button" className="choice choice--wide choice--primary" data-testid="priority-normal" onClick={() => send({ type: 'NORMAL' })}>
            <span className="choice__title">{t('ticket.priority.normal')}</span>
          </button>
          <p className="lead">{t('ticket.priority.special')}</p>
          <div className="choice-grid">
            {(['elderly', 'disabled', 'pregnant'] as const).map((kind) => (
              <button key={kind} type="button" className="choice" data-testid={`priority-${kind}`} onClick={() => send({ type: 'PRIORITY', kind })}>
                <span className="choice__title">{t(`ticket.priority.${kind}` as MessageKey)}</span>
              </button>
            ))}
          </div>
        </div>
      );
      actions = back;
      break;
    case 'ask-staff':
      body = (
        <div className="notice notice--inline" data-testid="ticket-ask-staff">
          <Icon name="warning" size={72} />
          <p className="lead">{t('ticket.askStaff', { kind: t(`ticket.priority.${state.priority}` as MessageKey) })}</p>
          <p>{t('ticket.askStaff.meanwhile')}</p>
        </div>
      );
      actions = (
        <>
          {back}
          <button type="button" className="button button--primary" data-testid="ticket-take-normal" onClick={() => send({ type: 'TAKE_NORMAL' })}>
            {t('ticket.takeNormalInstead')}
          </button>
        </>
      );
      break;
    case 'appointment':
      body = (
        <div className="identify" data-testid="appointment-entry">
          <div className="way way--primary">
            <Icon name="scan" size={96} />
            <p className="way__title">{t('appointment.scan')}</p>
            <p className="hint">{t('appointment.scan.hint')}</p>
          </div>
          <CameraScan />
          <div className="identify__typing">
            <KeyboardField label={t('appointment.code')} placeholder="YY-…" value={state.draft} onChange={(value) => send({ type: 'CODE_DRAFT', value })} mode="letters" modes={['letters', 'digits']} maxLength={40} testId="appointment-code" />
            <button type="button" className="button button--primary" data-testid="appointment-submit" onClick={() => send({ type: 'CODE', code: state.draft })}>
              {t('appointment.check')}
            </button>
          </div>
          {state.problem ? (
            <p className="callout callout--bad" role="alert" data-testid="appointment-problem">
              {t('appointment.problem.bad-code')}
            </p>
          ) : null}
        </div>
      );
      actions = back;
      break;
    case 'checking':
      body = (
        <p className="lead" role="status" data-testid="appointment-checking">
          {t('appointment.checking')}
        </p>
      );
      break;
    case 'appointment-found': {
      const a = state.appointment;
      const service = services.catalog.status === 'ready' ? services.catalog.catalog.items.find((i) => i.code === a.serviceCode)?.name : undefined;
      body = (
        <div data-testid="appointment-found">
          <p className="lead">{t('appointment.found')}</p>
          <dl className="facts facts--big">
            {a.applicantMasked ? (
              <>
                <dt>{t('appointment.applicant')}</dt>
                <dd data-testid="appointment-applicant">{a.applicantMasked}</dd>
              </>
            ) : null}
            {service ? (
              <>
                <dt>{t('appointment.service')}</dt>
                <dd>{service}</dd>
              </>
            ) : null}
            <dt>{t('appointment.slot')}</dt>
            <dd>{`${chinaClock(a.slotStart)}—${chinaClock(a.slotEnd)}`}</dd>
            <dt>{t('appointment.category')}</dt>
            <dd>{state.category.name}</dd>
          </dl>
        </div>
      );
      actions = (
        <>
          {back}
          <button type="button" className="button button--primary" data-testid="appointment-check-in" onClick={() => send({ type: 'CHECK_IN' })}>
            {t('appointment.checkIn')}
          </button>
        </>
      );
      break;
    }
    case 'appointment-offline':
      body = (
        <div data-testid="appointment-offline">
          <p className="lead">{t('appointment.offline')}</p>
          <CategoryGrid categories={categories} live={false} onChoose={(category) => send({ type: 'CATEGORY', category })} />
        </div>
      );
      actions = back;
      break;
    case 'appointment-refused':
      body = (
        <div className="notice notice--inline" data-testid="appointment-refused" data-reason={state.reason}>
          <Icon name="warning" size={72} />
          <p className="lead">{t(`appointment.refused.${state.reason}` as MessageKey)}</p>
          <p>{t('appointment.refused.help')}</p>
        </div>
      );
      actions = (
        <>
          <button type="button" className="button" data-testid="appointment-again" onClick={() => send({ type: 'RETRY' })}>
            {t('appointment.again')}
          </button>
        </>
      );
      break;
    case 'issuing':
    case 'printing':
      body = (
        <p className="lead" role="status" data-testid="ticket-issuing">
          {t('ticket.issuing')}
        </p>
      );
      break;
    case 'failed':
      body = (
        <div className="notice notice--inline" role="alert" data-testid="ticket-failed" data-reason={state.reason}>
          <Icon name="warning" size={72} />
          <p className="lead">{t(`ticket.failed.${state.reason}` as MessageKey)}</p>
          <p>{t('print.askStaff')}</p>
        </div>
      );
      actions = (
        <>
          {back}
          <button type="button" className="button button--primary" data-testid="ticket-retry" onClick={() => send({ type: 'RETRY' })}>
            {t('common.retry')}
          </button>
        </>
      );
      break;
    case 'done':
      body = <TicketDone ticket={state.ticket} print={state.print} onReprint={() => send({ type: 'REPRINT' })} />;
      actions = (
        <button type="button" className="button button--primary" data-testid="ticket-rate" onClick={() => props.onRate(state.ticket.ticketId)}>
          <Icon name="star" size={32} />
          {t('done.rate')}
        </button>
      );
      break;
  }
  return (
    <Screen testId="ticket-screen" title={title} onHome={props.onHome} actions={actions}>
      <div data-testid={`ticket-step-${state.step}`} className="ticket-step">
        {body}
      </div>
    </Screen>
  );
}

function CategoryGrid({ categories, highlight, live, onChoose }: { categories: QueueCategoryLive[]; highlight?: string | undefined; live: boolean; onChoose(c: QueueCategoryLive): void }) {
  const { t } = useI18n();
  return (
    <div className="choice-grid" data-testid="ticket-categories">
      {categories.map((c) => (
        <button key={c.code} type="button" className={`choice ${c.code === highlight ? 'choice--primary' : ''}`} data-testid={`ticket-category-${c.code}`} disabled={!c.open} onClick={() => onChoose(c)}>
          <span className="choice__title">
            {c.prefix} · {c.name}
          </span>
          <span className="choice__hint">
            {c.closedReason ? (
              <span data-testid={`ticket-category-${c.code}-closed`}>{t('ticket.closed', { reason: t(`ticket.closed.${c.closedReason}`) })}</span>
            ) : (
              <>
                {c.waiting !== undefined ? t(live ? 'ticket.waiting' : 'ticket.waiting.estimate', { count: c.waiting }) : t('ticket.waiting.unknown')}
                {c.nowServing ? ` · ${t('ticket.nowServing', { number: c.nowServing })}` : ''}
              </>
            )}
          </span>
        </button>
      ))}
    </div>
  );
}

function TicketDone({ ticket, print, onReprint }: { ticket: IssuedTicket; print: PrintOutcome; onReprint(): void }) {
  const { t } = useI18n();
  return (
    <div className="done" data-testid="ticket-done">
      <div className="done__main">
        <p className="ticket-number" data-testid="ticket-number">
          {ticket.display}
        </p>
        <dl className="facts facts--big">
          <dt>{t('ticket.category')}</dt>
          <dd>{ticket.categoryName}</dd>
          <dt>{t('ticket.ahead')}</dt>
          <dd data-testid="ticket-ahead">{ticket.aheadKnown ? t('ticket.aheadValue', { count: ticket.peopleAhead }) : t('ticket.waiting.unknown')}</dd>
          {ticket.estimatedWaitMinutes !== undefined ? (
            <>
              <dt>{t('ticket.wait')}</dt>
              <dd data-testid="ticket-wait">{t('ticket.waitValue', { minutes: ticket.estimatedWaitMinutes })}</dd>
            </>
          ) : null}
        </dl>
        {ticket.offline ? (
          <p className="hint" data-testid="ticket-issued-offline">
            {t('ticket.issuedOffline')}
          </p>
        ) : null}
        <PrintNotice outcome={print} what={t('print.what.ticket')} testId="ticket-print" onRetry={onReprint} />
      </div>
    </div>
  );
}

const PRINT_PRIORITY = { normal: 'none', elderly: 'priority', disabled: 'priority', pregnant: 'priority', appointment: 'appointment' } as const;

function useTicketEffects(state: TicketState, send: (e: TicketEvent) => void, services: Services, refresh: () => Promise<QueueCategoryLive[]>) {
  const started = useRef<TicketState | null>(null);
  useEffect(() => {
    if (started.current === state) return;
    started.current = state;
    if (state.step === 'checking') {
      void (async () => {
        try {
          const found = await services.call('appointment.lookup', { code: state.code });
          if (!found.found) return send({ type: 'NOT_FOUND' });
          const categories = await refresh();
          send({ type: 'FOUND', appointment: found.appointment, categories, now: new Date() });
        } catch {
          send({ type: 'OFFLINE' });
        }
      })();
    }
    if (state.step === 'issuing') {
      void (async () => {
        const result = await issue(services, state.request, refresh);
        if ('failed' in result) send({ type: 'ISSUE_FAILED', reason: result.failed, message: result.message });
        else send({ type: 'ISSUED', ticket: result });
      })();
    }
    if (state.step === 'printing') {
      void (async () => {
        const { ticket } = state;
        let outcome: PrintOutcome;
        try {
          outcome = await services.call('printer.printTicket', {
            ticketNumber: ticket.display,
            category: ticket.categoryName,
            categoryCode: ticket.category,
            peopleAhead: ticket.peopleAhead,
            ...(ticket.estimatedWaitMinutes !== undefined ? { estimatedWaitMinutes: ticket.estimatedWaitMinutes } : {}),
            issuedAt: ticket.issuedAt,
            priority: PRINT_PRIORITY[ticket.priority],
            ...(ticket.offline ? { notice: zh('ticket.paper.offline') } : {}),
          });
        } catch {
          outcome = { printed: false, reason: 'offline', message: 'device host not reachable' };
        }
        send({ type: 'PRINTED', outcome });
      })();
    }
  });
}

async function issue(services: Services, request: TicketRequest, refresh: () => Promise<QueueCategoryLive[]>): Promise<IssuedTicket | { failed: 'unavailable' | 'no-lease' | 'error'; message: string }> {
  const categories = await refresh();
  const category = categories.find((c) => c.code === request.category.code) ?? request.category;
  let issued;
  try {
    issued = await services.call('queue.issueTicket', {
      category: request.category.code,
      priority: request.priority,
      issuedBy: 'citizen',
      ...(request.serviceCode ? { serviceCode: request.serviceCode } : {}),
      ...(request.appointmentId ? { appointmentId: request.appointmentId } : {}),
    });
  } catch (error) {
    const code = errorCode(error);
    return { failed: code === 'unavailable' ? 'no-lease' : code === 'unknown-method' ? 'unavailable' : 'error', message: code };
  }
  try {
    await services.outbox.enqueueTicket({ ticketId: issued.ticketId, hallId: issued.hallId, body: issued.body });
  } catch {
    // The number is issued (the host journaled it); the ticket prints and the hall sees it when staff reconcile.
  }
  const peopleAhead = category.waiting ?? 0;
  const wait = estimateWait(peopleAhead, category.averageServiceMinutes);
  return {
    ticketId: issued.ticketId,
    display: issued.display,
    category: issued.category,
    categoryName: category.name,
    issuedAt: issued.issuedAt,
    peopleAhead,
    aheadKnown: category.waiting !== undefined,
    ...(wait !== undefined ? { estimatedWaitMinutes: wait } : {}),
    priority: request.priority,
    offline: services.live.connectivity.platform !== 'online',
  };
}
