/**
 * Apply (办事) for one item: identify → fill in → materials → still needed (一次性告知) → review →
 * hand in → receipt. The flow is the apply machine (flows/apply.ts); this file renders its state
 * and runs its side effects (outbox, printing) as events.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ServiceItem } from '../../../common/ipc/methods/citizen';
import type { PrintOutcome } from '../../../common/ipc/protocol';
import { applicantName, maskIdNumber, maskName } from '../../../common/identity/mask';
import { chinaDay } from '../../../common/time/china-time';
import { translate, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useHostEvent, useServices, type Services, useScan } from '../app/services';
import { applyMachineFor, elderlyFieldsPerPage, formPageOf, noticeStillToPrint, outstandingOf, reviewInFull, visibleProblems, type ApplyEvent, type ApplyRefusal, type ApplyState } from '../flows/apply';
import { displayValue, formPayload, type FieldProblem, type FieldSpec } from '../flows/form-schema';
import { applicantPayload, PRIVACY_NOTICE_VERSION, type Applicant } from '../flows/identify';
import { addWorkingDays, materialsPayload, provisionOptions, type Provision } from '../flows/materials';
import { useMachine } from '../flows/machine';
import { newClientId } from '../flows/ids';
import { Screen } from '../components/Screen';
import { KeyboardField, closeOnScreenKeyboard } from '../components/keyboard';
import { QrImage } from '../components/QrImage';
import { PrintNotice } from '../components/PrintNotice';
import { Icon } from '../components/Icons';
import { applyPrompt, useVoicePrompt } from '../components/voice';
import { usePortrait } from '../components/orientation';
import { IdentifyStep } from './IdentifyStep';

export interface ApplyScreenProps {
  item: ServiceItem;
  onHome(): void;
  onRate(submissionId: string): void;
  onTicket(serviceCode: string): void;
}

const STEP_INDEX: Record<ApplyState['step'], number> = { identify: 0, declined: 0, form: 1, materials: 2, outstanding: 2, review: 3, submitting: 3, refused: 3, printing: 4, done: 4 };
type T = (key: MessageKey, params?: Record<string, string | number>) => string;
const zh: T = (key, params) => translate('zh-CN', key, params);

export function problemText(t: T, field: FieldSpec, problem: FieldProblem): string {
  switch (problem.code) {
    case 'required':
      return field.kind === 'choice' ? t('form.problem.choose', { field: field.title }) : t('form.problem.required', { field: field.title });
    case 'too-short':
      return t('form.problem.tooShort', { min: problem.min });
    case 'too-long':
      return t('form.problem.tooLong', { max: problem.max });
    case 'id-number':
      return t(`identify.problem.${problem.problem}` as MessageKey);
    case 'phone':
      return t('form.problem.phone');
    case 'year-month':
      return t('form.problem.yearMonth');
    case 'date':
      return t('form.problem.date');
    case 'bank-account':
      return t('form.problem.bankAccount');
    case 'integer':
      return problem.min !== undefined && problem.max !== undefined ? t('form.problem.integerRange', { min: problem.min, max: problem.max }) : t('form.problem.integer');
    case 'choice':
      return t('form.problem.choose', { field: field.title });
    case 'pattern':
      return field.description ? t('form.problem.patternHint', { hint: field.description }) : t('form.problem.pattern');
  }
}

export function ApplyScreen(props: ApplyScreenProps) {
  const { t, language } = useI18n();
  const services = useServices();
  // Elderly mode: the form a few fields at a time, as many as fit the screen's orientation.
  const portrait = usePortrait();
  const perPage = services.elderly ? elderlyFieldsPerPage(portrait) : null;
  const machine = useMemo(() => applyMachineFor(props.item), [props.item]);
  const [state, send] = useMachine(machine);
  // Before the form shows (the flow starts by identifying), and whenever the mode changes.
  useEffect(() => send({ type: 'PAGING', perPage }), [send, perPage]);
  const stepLabels = [t('apply.step.identify'), t('apply.step.form'), t('apply.step.materials'), t('apply.step.review'), t('apply.step.done')];

  useVoicePrompt(applyPrompt(state), services.voice, language);
  useApplyEffects(state, send, services);
  useEffect(() => closeOnScreenKeyboard(), [state.step, state.formPage]);

  // The ID card and licence scans drive the identify step.
  useHostEvent('idcard.presented', (card) => {
    if (state.step === 'identify') send({ type: 'IDENTIFY', event: { type: 'CARD', card } });
  });
  useScan((scan) => {
    if (state.step === 'identify' && scan.kind === 'licence' && scan.uscc) send({ type: 'IDENTIFY', event: { type: 'USCC_SCANNED', uscc: scan.uscc } });
  });

  const back = (
    <button type="button" className="button" data-testid="apply-back" onClick={() => send({ type: 'BACK' })}>
      <Icon name="back" size={32} />
      {t('common.back.step')}
    </button>
  );
  const next = (label: string, testId = 'apply-next') => (
    <button type="button" className="button button--primary" data-testid={testId} onClick={() => send({ type: 'NEXT' })}>
      {label}
    </button>
  );

  let body: React.ReactNode = null;
  let actions: React.ReactNode = null;
  switch (state.step) {
    case 'identify':
    case 'declined':
      if (state.intake === 'checking') {
        body = (
          <p className="lead" role="status" data-testid="apply-checking">
            {t('apply.checking')}
          </p>
        );
      } else if (state.step === 'declined') {
        body = (
          <div className="notice" data-testid="apply-declined">
            <p>{t('privacy.declined')}</p>
          </div>
        );
      } else body = <IdentifyStep state={state.identify} send={(event) => send({ type: 'IDENTIFY', event })} onBackKind={() => send({ type: 'BACK' })} />;
      break;
    case 'form': {
      body = <FormStep state={state} send={send} />;
      // Paged (elderly mode): 上一页 / 下一页 between the pages, big; the steps' back and next at the ends.
      const page = formPageOf(state);
      actions = (
        <>
          {page.index > 0 ? (
            <button type="button" className="button button--big" data-testid="form-page-prev" onClick={() => send({ type: 'BACK' })}>
              <Icon name="back" size={40} />
              {t('common.prevPage')}
            </button>
          ) : (
            back
          )}
          {page.index < page.count - 1 ? (
            <button type="button" className="button button--primary button--big" data-testid="form-page-next" onClick={() => send({ type: 'NEXT' })}>
              {t('common.nextPage')}
            </button>
          ) : (
            next(t('common.next'))
          )}
        </>
      );
      break;
    }
    case 'materials':
      body = <MaterialsStep state={state} send={send} />;
      actions = (
        <>
          {back}
          {next(t('common.next'))}
        </>
      );
      break;
    case 'outstanding':
      body = <OutstandingStep state={state} />;
      actions = (
        <>
          {back}
          <button type="button" className="button" data-testid="print-notice" disabled={state.notice === 'printing' || (typeof state.notice === 'object' && state.notice.printed)} onClick={() => send({ type: 'PRINT_NOTICE' })}>
            <Icon name="printer" size={32} />
            {t('outstanding.print')}
          </button>
          {next(t('outstanding.continue'))}
        </>
      );
      break;
    case 'review':
      body = <ReviewStep state={state} />;
      actions = (
        <>
          {back}
          <button type="button" className="button button--primary" data-testid="apply-submit" onClick={() => send({ type: 'SUBMIT' })}>
            {t('review.submit')}
          </button>
        </>
      );
      break;
    case 'refused': {
      // The same screen whether refused as the flow started or at hand-in: why, and what to do next.
      const refusal = state.refusal!;
      body = <RefusedStep refusal={refusal} />;
      actions = (
        <>
          {refusal.at === 'submit' ? back : null}
          {refusalOffersTicket(refusal.reason) ? (
            <button type="button" className="button" data-testid="apply-refused-ticket" onClick={() => props.onTicket(props.item.code)}>
              <Icon name="ticket" size={32} />
              {t('done.takeNumber')}
            </button>
          ) : null}
          <button type="button" className="button button--primary" data-testid="apply-refused-home" onClick={props.onHome}>
            <Icon name="home" size={32} />
            {t('common.home')}
          </button>
        </>
      );
      break;
    }
    case 'submitting':
    case 'printing':
      body = (
        <p className="lead" role="status" data-testid="apply-submitting">
          {state.step === 'submitting' ? t('apply.submitting') : t('apply.printing')}
        </p>
      );
      break;
    case 'done':
      body = <DoneStep state={state} send={send} />;
      actions = (
        <>
          {outstandingOf(state).some((m) => m.provision === 'paper-at-window') || !props.item.kiosk.instant ? (
            <button type="button" className="button" data-testid="done-ticket" onClick={() => props.onTicket(props.item.code)}>
              <Icon name="ticket" size={32} />
              {t('done.takeNumber')}
            </button>
          ) : null}
          <button type="button" className="button button--primary" data-testid="done-rate" onClick={() => props.onRate(state.result!.submissionId)}>
            <Icon name="star" size={32} />
            {t('done.rate')}
          </button>
        </>
      );
      break;
  }

  return (
    <Screen testId="apply-screen" title={props.item.name} onHome={props.onHome} steps={{ current: state.refusal?.at === 'start' ? 0 : STEP_INDEX[state.step], labels: stepLabels }} actions={actions} scrollKey={`${state.step}:${state.formPage}`}>
      <div data-testid={`apply-step-${state.step}`} className="apply-step">
        {body}
      </div>
    </Screen>
  );
}

const REFUSAL_TEXT: Record<string, MessageKey> = {
  'disk-low': 'refusal.disk-low',
  'storage-lost': 'refusal.storage-lost',
  'not-enrolled': 'refusal.not-enrolled',
  'key-store': 'refusal.key-store',
  'host-unavailable': 'refusal.host-unavailable',
  failed: 'refusal.failed',
};

/** A queue number for a staffed window can be issued unless the terminal is not set up or its device host is away. */
function refusalOffersTicket(reason: string): boolean {
  return reason !== 'not-enrolled' && reason !== 'host-unavailable';
}

/** Why the terminal cannot take the application, and what the citizen can do instead. */
export function RefusedStep({ refusal }: { refusal: ApplyRefusal }) {
  const { t } = useI18n();
  return (
    <div className="notice" data-testid="apply-refused-screen" data-at={refusal.at} data-reason={refusal.reason}>
      <p className="callout callout--bad" role="alert" data-testid="apply-refused">
        {t(REFUSAL_TEXT[refusal.reason] ?? 'refusal.other')} {t('print.askStaff')}
      </p>
      <p className="lead" data-testid="apply-refused-next">
        {refusalOffersTicket(refusal.reason) ? t('refusal.next.window') : t('refusal.next.staff')}
      </p>
      {refusal.at === 'submit' ? <p className="hint">{t('refusal.next.back')}</p> : null}
    </div>
  );
}

/** Runs the flow's side effects: check the terminal takes applications, print the notice, hand in through the outbox, print the receipt. */
function useApplyEffects(state: ApplyState, send: (e: ApplyEvent) => void, services: Services) {
  const started = useRef<string | null>(null);
  const key = `${state.step}:${state.intake}:${state.notice === 'printing' ? 'notice' : ''}`;
  useEffect(() => {
    if (started.current === key) return;
    started.current = key;
    if (state.intake === 'checking') {
      // As the flow starts, before the citizen identifies: is there any point in going on?
      void services.outbox
        .canAcceptIntake()
        .then((can) => send(can.ok ? { type: 'INTAKE_OPEN' } : { type: 'REFUSED', reason: can.reason, message: can.message }))
        .catch(() => send({ type: 'REFUSED', reason: 'host-unavailable', message: 'the intake check did not answer' }));
    }
    if (state.step === 'outstanding' && state.notice === 'printing') {
      void (async () => {
        const reference = state.reference ?? (await services.outbox.allocateLocalReference());
        const outcome = await printNotice(services, state, reference);
        send({ type: 'NOTICE_PRINTED', reference, outcome });
      })();
    }
    if (state.step === 'submitting') {
      void (async () => {
        try {
          const can = await services.outbox.canAcceptIntake();
          if (!can.ok) return send({ type: 'REFUSED', reason: can.reason, message: can.message });
          const localReference = state.reference ?? (await services.outbox.allocateLocalReference());
          const submissionId = newClientId();
          const receivedAt = new Date().toISOString();
          const body = {
            serviceCode: state.item.code,
            catalogVersion: services.catalog.status === 'ready' ? services.catalog.catalog.version : 'unknown',
            terminalId: services.live.terminal?.terminalId ?? 'unenrolled',
            localReference,
            createdAt: receivedAt,
            // 代办/帮办: marked with the staff member who helped; the consent is still the citizen's own.
            channel: services.assistedBy ? 'kiosk-assisted' : 'kiosk',
            ...(services.assistedBy ? { assistedBy: { staffId: services.assistedBy.staffId } } : {}),
            applicant: applicantPayload(state.applicant!),
            form: formPayload(state.fields, state.values),
            materials: materialsPayload(state.item.materials, state.provisions),
            consent: { noticeVersion: PRIVACY_NOTICE_VERSION, agreedAt: state.consentAt! },
          };
          await services.outbox.enqueueSubmission({ submissionId, body, attachments: [], serviceName: state.item.name });
          send({ type: 'SUBMITTED', result: { submissionId, localReference, receivedAt } });
        } catch {
          send({ type: 'REFUSED', reason: 'failed', message: 'the outbox did not accept the submission' });
        }
      })();
    }
    if (state.step === 'printing') {
      void (async () => {
        const outcome = await printReceipt(services, state);
        const notice = noticeStillToPrint(state) && state.reference ? await printNotice(services, state, state.reference) : undefined;
        send({ type: 'RECEIPT_PRINTED', outcome, ...(notice ? { notice } : {}) });
      })();
    }
  });
}

/** Who applied, as the printer templates take it (unmasked: the templates mask the person, never the organisation). */
function applicantOnPaper(applicant: Applicant, phone: unknown) {
  const person = applicant.kind === 'person' ? applicant : applicant.agent;
  const base = { name: person.name, idNumber: person.idNumber };
  return {
    applicant: typeof phone === 'string' && /^1[3-9]\d{9}$/.test(phone) ? { ...base, phone } : base,
    ...(applicant.kind === 'organization' ? { organization: { name: applicant.name, uscc: applicant.uscc } } : {}),
  };
}

const PROVISION_ON_PAPER: Record<Provision, MessageKey> = {
  'electronic-licence': 'provision.paper.electronic-licence',
  commitment: 'provision.paper.commitment',
  'paper-at-window': 'provision.paper.paper-at-window',
  tolerated: 'provision.paper.tolerated',
  'not-needed': 'provision.paper.not-needed',
};

async function call<R>(work: () => Promise<R>, fallback: R): Promise<R> {
  try {
    return await work();
  } catch {
    return fallback;
  }
}

const HOST_DOWN: PrintOutcome = { printed: false, reason: 'offline', message: 'device host not reachable' };

function categoryName(services: Services, state: ApplyState): string {
  return services.catalog.status === 'ready' ? (services.catalog.queueCategories.find((c) => c.code === state.item.kiosk.queueCategory)?.name ?? '') : '';
}

function printReceipt(services: Services, state: ApplyState): Promise<PrintOutcome> {
  const result = state.result!;
  const today = chinaDay(result.receivedAt);
  const days = state.item.timeLimit.promisedWorkingDays;
  const received = state.item.materials.flatMap((m) => {
    const p = state.provisions[m.code];
    return p === 'electronic-licence' || p === 'commitment' ? [{ name: m.name, form: zh(PROVISION_ON_PAPER[p]) }] : [];
  });
  const outstanding = outstandingOf(state);
  const window = categoryName(services, state);
  const nextSteps = [
    ...(outstanding.length > 0 ? [zh('receipt.next.outstanding', { count: outstanding.length, window })] : []),
    state.item.kiosk.instant ? zh('receipt.next.instant', { window }) : zh('receipt.next.notify'),
    zh('receipt.next.lookup'),
  ];
  return call(
    () =>
      services.call('printer.printReceipt', {
        serviceName: state.item.name,
        ...applicantOnPaper(state.applicant!, state.values.phone),
        localReference: result.localReference,
        receivedAt: result.receivedAt,
        ...(days > 0 ? { promisedCompletionDate: addWorkingDays(today, days), promisedWorkingDays: days } : {}),
        materials: received,
        nextSteps,
        lookupCode: `BMK:R:${result.localReference}`,
      }),
    HOST_DOWN,
  );
}

function printNotice(services: Services, state: ApplyState, reference: string): Promise<PrintOutcome> {
  const now = new Date();
  const window = categoryName(services, state);
  return call(
    () =>
      services.call('printer.printNotice', {
        serviceName: state.item.name,
        ...applicantOnPaper(state.applicant!, state.values.phone),
        reference,
        issuedAt: now.toISOString(),
        missing: outstandingOf(state).map((m) => ({
          name: m.name,
          howToProvide: m.provision === 'tolerated' ? zh('notice.how.tolerated') : zh('notice.how.paper', { window, count: Math.max(1, m.copies) }),
          ...(m.condition ? { requirement: m.condition } : {}),
        })),
        deadline: addWorkingDays(chinaDay(now), 5),
        lookupCode: `BMK:R:${reference}`,
      }),
    HOST_DOWN,
  );
}

function FormStep({ state, send }: { state: ApplyState; send: (e: ApplyEvent) => void }) {
  const { t } = useI18n();
  const problems = visibleProblems(state);
  const count = Object.keys(problems).length;
  const page = formPageOf(state);
  return (
    <div className="form" data-testid="apply-form" data-page={page.index + 1} data-pages={page.count}>
      <div className="form__head">
        <p className="lead">{state.autofilled.length > 0 ? t('form.autofilled') : t('form.intro')}</p>
        {page.count > 1 ? (
          <p className="form__page" data-testid="form-page" aria-live="polite">
            {t('common.pageOf', { page: page.index + 1, pages: page.count })}
          </p>
        ) : null}
      </div>
      {count > 0 ? (
        <p className="callout callout--bad" role="alert" data-testid="form-problems">
          {t('form.problems', { count })}
        </p>
      ) : null}
      <div className="form__grid" key={page.index}>
        {page.fields.map((field) => (
          <FormField key={field.name} field={field} state={state} send={send} problem={problems[field.name] ?? null} />
        ))}
      </div>
    </div>
  );
}

function FormField({ field, state, send, problem }: { field: FieldSpec; state: ApplyState; send: (e: ApplyEvent) => void; problem: FieldProblem | null }) {
  const { t } = useI18n();
  const value = state.values[field.name];
  const label = `${field.title}${field.required ? '' : t('form.optional')}`;
  const autofilled = state.autofilled.includes(field.name);
  const message = problem ? problemText(t, field, problem) : null;
  if (field.kind === 'choice' || field.kind === 'boolean') {
    const options = field.kind === 'boolean' ? [{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }] : (field.options ?? []);
    return (
      <fieldset className={`choice-field ${message ? 'choice-field--bad' : ''}`} data-testid={`field-${field.name}`}>
        <legend>{label}</legend>
        <div className="choice-field__options">
          {options.map((o) => (
            <button
              key={String(o.value)}
              type="button"
              className="option"
              aria-pressed={value === o.value}
              data-testid={`field-${field.name}-option-${String(o.value)}`}
              onClick={() => {
                send({ type: 'FIELD', name: field.name, value: o.value });
                send({ type: 'TOUCH', name: field.name });
              }}
            >
              {o.label}
            </button>
          ))}
        </div>
        {message ? (
          <p className="field-problem" role="alert" data-testid={`field-${field.name}-problem`}>
            {message}
          </p>
        ) : null}
      </fieldset>
    );
  }
  const masked = field.keyboard === 'id-number';
  return (
    <div className={`form__field ${autofilled ? 'form__field--autofilled' : ''}`}>
      <KeyboardField
        label={autofilled ? `${label} ${t('form.fromCard')}` : label}
        value={value === undefined ? '' : String(value)}
        onChange={(v) => send({ type: 'FIELD', name: field.name, value: v })}
        onDone={() => send({ type: 'TOUCH', name: field.name })}
        mode={field.keyboard}
        {...(field.keyboard === 'pinyin' ? { modes: ['pinyin', 'letters', 'digits'] as const } : {})}
        {...(field.maxLength ? { maxLength: field.maxLength } : {})}
        {...(field.description ? { placeholder: field.description } : field.kind === 'date' ? { placeholder: t('form.datePlaceholder') } : {})}
        {...(masked ? { format: (v: string) => (v.length === 18 ? maskIdNumber(v) : v) } : {})}
        testId={`field-${field.name}`}
      />
      {message ? (
        <p className="field-problem" role="alert" data-testid={`field-${field.name}-problem`}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

function MaterialsStep({ state, send }: { state: ApplyState; send: (e: ApplyEvent) => void }) {
  const { t } = useI18n();
  return (
    <div data-testid="apply-materials">
      <p className="lead">{t('materials.intro')}</p>
      <ol className="materials materials--choose">
        {state.item.materials.map((m) => (
          <li key={m.code} data-testid="material" data-code={m.code}>
            <div className="materials__head">
              <span className="materials__name">{m.name}</span>
              <span className={`badge badge--${m.necessity}`}>{t(`material.necessity.${m.necessity}` as MessageKey)}</span>
            </div>
            {m.condition ? <p className="materials__detail">{m.condition}</p> : null}
            <div className="choice-field__options" role="group" aria-label={m.name}>
              {provisionOptions(m).map((p) => (
                <button key={p} type="button" className="option" aria-pressed={state.provisions[m.code] === p} data-testid={`provision-${m.code}-${p}`} onClick={() => send({ type: 'PROVIDE', code: m.code, provision: p })}>
                  {p === 'electronic-licence' ? t('provision.electronic-licence', { licence: m.licenceType ?? '' }) : t(`provision.${p}` as MessageKey)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function OutstandingStep({ state }: { state: ApplyState }) {
  const { t } = useI18n();
  const list = outstandingOf(state);
  return (
    <div data-testid="apply-outstanding">
      <p className="lead">{t('outstanding.intro', { count: list.length })}</p>
      {/* Whom the notice is for, as it prints: an organisation in full, a person masked. */}
      <section className="outstanding__for" aria-label={t('outstanding.for')}>
        <ApplicantSummary applicant={state.applicant!} reveal={false} />
      </section>
      <ol className="materials" data-testid="outstanding-list">
        {list.map((m) => (
          <li key={m.code} data-testid="outstanding-item">
            <span className="materials__name">{m.name}</span>
            <span className="materials__detail">{m.provision === 'tolerated' ? t('outstanding.tolerated') : t('outstanding.paper', { count: Math.max(1, m.copies) })}</span>
          </li>
        ))}
      </ol>
      {state.notice !== 'idle' ? <PrintNotice outcome={state.notice === 'printing' ? null : state.notice} what={t('print.what.notice')} testId="notice-print" /> : <p className="hint">{t('outstanding.printHint')}</p>}
    </div>
  );
}

/** Who applies: an organisation in full, a person masked — all of it in full with `reveal`, or per value. */
export function ApplicantSummary({ applicant, reveal }: { applicant: Applicant; reveal: boolean | { name: boolean; idNumber: boolean } }) {
  const { t } = useI18n();
  const person = applicant.kind === 'person' ? applicant : applicant.agent;
  const full = typeof reveal === 'boolean' ? { name: reveal, idNumber: reveal } : reveal;
  return (
    <dl className="facts" data-testid="applicant-summary">
      {applicant.kind === 'organization' ? (
        <>
          <dt>{t('identify.org.name')}</dt>
          <dd data-testid="summary-organization">{applicantName(applicant)}</dd>
          <dt>{t('identify.org.uscc')}</dt>
          <dd data-testid="summary-uscc">{applicant.uscc}</dd>
        </>
      ) : null}
      <dt>{applicant.kind === 'organization' ? t('identify.agent') : t('identify.name')}</dt>
      <dd data-testid="summary-name">{full.name ? person.name : maskName(person.name)}</dd>
      <dt>{t('identify.idNumber')}</dt>
      <dd data-testid="summary-id">{full.idNumber ? person.idNumber : maskIdNumber(person.idNumber)}</dd>
    </dl>
  );
}

/** The review: the form in full (the citizen checks it here), the applicant panel as reviewInFull says (flows/apply.ts). */
export function ReviewStep({ state }: { state: ApplyState }) {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const outstanding = outstandingOf(state);
  const inFull = reviewInFull(state);
  const allInFull = inFull.name && inFull.idNumber;
  return (
    <div className="review" data-testid="apply-review">
      <p className="lead">{t('review.intro')}</p>
      <div className="review__cols">
        <section>
          <h2>{t('review.applicant')}</h2>
          <ApplicantSummary applicant={state.applicant!} reveal={reveal || inFull} />
          {allInFull ? null : (
            <button type="button" className="button button--small" data-testid="review-reveal" aria-pressed={reveal} onClick={() => setReveal((r) => !r)}>
              {reveal ? t('identify.hide') : t('identify.reveal')}
            </button>
          )}
        </section>
        <section>
          <h2>{t('review.form')}</h2>
          <dl className="facts" data-testid="review-form">
            {state.fields
              .filter((f) => state.values[f.name] !== undefined && state.values[f.name] !== '')
              .map((f) => {
                const text = displayValue(f, state.values[f.name], { yes: t('common.yes'), no: t('common.no') });
                return (
                  <div key={f.name} className="facts__row">
                    <dt>{f.title}</dt>
                    <dd>{text}</dd>
                  </div>
                );
              })}
          </dl>
        </section>
        <section>
          <h2>{t('review.materials')}</h2>
          <ul className="plain" data-testid="review-materials">
            {state.item.materials.map((m) => (
              <li key={m.code}>
                {m.name}：{t(`provision.short.${state.provisions[m.code] ?? 'paper-at-window'}` as MessageKey)}
              </li>
            ))}
          </ul>
          {outstanding.length > 0 ? <p className="callout">{t('review.outstanding', { count: outstanding.length })}</p> : null}
        </section>
      </div>
    </div>
  );
}

function DoneStep({ state, send }: { state: ApplyState; send: (e: ApplyEvent) => void }) {
  const { t } = useI18n();
  const { outbox, live } = useServices();
  const result = state.result!;
  const [receiptNo, setReceiptNo] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const check = () =>
      void outbox
        .lookup(result.localReference)
        .then((found) => {
          if (live && found?.receiptNo) setReceiptNo(found.receiptNo);
        })
        .catch(() => undefined);
    check();
    const off = outbox.onChange(check);
    return () => {
      live = false;
      off();
    };
  }, [outbox, result.localReference]);
  const offline = live.connectivity.platform !== 'online' && !receiptNo;
  return (
    <div className="done" data-testid="apply-done">
      <div className="done__main">
        <p className="done__title">
          <Icon name="check" size={56} /> {t('done.title')}
        </p>
        <dl className="facts facts--big">
          <dt>{t('done.reference')}</dt>
          <dd data-testid="done-reference">{result.localReference}</dd>
          <dt>{t('done.receiptNo')}</dt>
          <dd data-testid="done-receipt-no" data-state={receiptNo ? 'delivered' : 'pending'}>
            {receiptNo ?? (offline ? t('done.receiptNo.offline') : t('done.receiptNo.pending'))}
          </dd>
        </dl>
        <PrintNotice outcome={state.receiptPrint} what={t('print.what.receipt')} testId="receipt-print" onRetry={() => send({ type: 'REPRINT' })} />
        {typeof state.notice === 'object' && outstandingOf(state).length > 0 ? <PrintNotice outcome={state.notice} what={t('print.what.notice')} testId="notice-print" /> : null}
      </div>
      <div className="done__qr">
        <QrImage text={`BMK:R:${result.localReference}`} label={t('done.qr.label')} size={220} testId="done-qr" />
        <p className="hint">{t('done.qr.hint')}</p>
      </div>
    </div>
  );
}
