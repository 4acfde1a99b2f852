/** Find a service (categories, 一件事 themes, search) and its full guide (办事指南). */
import { useMemo } from 'react';
import type { ServiceItem } from '../../../common/ipc/methods/citizen';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useServices } from '../app/services';
import { findTransition, GUIDE_SECTIONS, initialFind, pageOf, type FindState, type GuideSection } from '../flows/find';
import { useMachine, defineMachine } from '../flows/machine';
import { searchCatalog } from '../flows/search';
import { Pager, Screen } from '../components/Screen';
import { KeyboardField } from '../components/keyboard';
import { QrImage } from '../components/QrImage';
import { Icon } from '../components/Icons';
import { FIND_PROMPT, useVoicePrompt } from '../components/voice';

const machine = defineMachine({ name: 'find', initial: initialFind as FindState, transition: findTransition });

export interface FindScreenProps {
  purpose: 'apply' | 'guide';
  onHome(): void;
  onApply(itemCode: string): void;
  onTicket(serviceCode: string): void;
}

export function FindScreen(props: FindScreenProps) {
  const { t, language } = useI18n();
  const { catalog, elderly, voice } = useServices();
  const [state, send] = useMachine(machine);
  const pageSize = elderly ? 3 : 6;
  useVoicePrompt(state.view === 'browse' ? FIND_PROMPT : null, voice, language);

  const title = props.purpose === 'apply' ? t('find.title.apply') : t('find.title.guide');
  if (catalog.status !== 'ready') {
    return (
      <Screen testId="find-screen" title={title} onHome={props.onHome}>
        <p className="lead" data-testid={catalog.status === 'loading' ? 'catalog-loading' : 'catalog-unavailable'} role="status">
          {catalog.status === 'loading' ? t('find.loading') : t('find.unavailable')}
        </p>
      </Screen>
    );
  }

  if (state.view === 'guide') {
    const item = catalog.catalog.items.find((i) => i.code === state.itemCode);
    if (!item) return null;
    return <GuideView item={item} section={state.section} onSection={(section) => send({ type: 'SECTION', section })} onBack={() => send({ type: 'BACK' })} {...props} />;
  }

  const items = catalog.catalog.items;
  const themes = catalog.catalog.themes ?? [];
  let list: ServiceItem[] | null = null;
  let intro: string | null = null;
  if (state.tab === 'categories' && state.category !== null) {
    const category = catalog.queueCategories.find((c) => c.code === state.category);
    list = items.filter((i) => i.kiosk.queueCategory === state.category);
    intro = category?.name ?? null;
  } else if (state.tab === 'themes' && state.theme !== null) {
    const theme = themes.find((th) => th.code === state.theme);
    list = theme ? theme.itemCodes.map((code) => items.find((i) => i.code === code)).filter((i): i is ServiceItem => i !== undefined) : [];
    intro = theme ? `${theme.name}${theme.description ? `：${theme.description}` : ''}` : null;
  } else if (state.tab === 'search') {
    list = state.query.trim() ? searchCatalog(catalog.index, state.query) : [];
  }

  return (
    <Screen
      testId="find-screen"
      title={title}
      onHome={props.onHome}
      actions={
        (state.category !== null || state.theme !== null) && (
          <button type="button" className="button" data-testid="find-back" onClick={() => send({ type: 'BACK' })}>
            <Icon name="back" size={32} />
            {t('common.back.step')}
          </button>
        )
      }
    >
      {catalog.fromCache ? (
        <p className="hint" data-testid="catalog-from-cache">
          {t('find.fromCache')}
        </p>
      ) : null}
      <div className="tabs" role="tablist">
        {(['categories', 'themes', 'search'] as const).map((tab) => (
          <button key={tab} type="button" role="tab" aria-selected={state.tab === tab} className="tabs__tab" data-testid={`find-tab-${tab}`} onClick={() => send({ type: 'TAB', tab })}>
            {t(`find.tab.${tab}` as MessageKey)}
          </button>
        ))}
      </div>
      {state.tab === 'search' ? (
        <div className="search">
          <KeyboardField label={t('find.search.label')} placeholder={t('find.search.placeholder')} value={state.query} onChange={(query) => send({ type: 'QUERY', query })} mode="letters" modes={['letters', 'pinyin']} autoOpen testId="search-field" />
          {state.query.trim() && list?.length === 0 ? (
            <p className="lead" data-testid="search-empty">
              {t('find.search.none')}
            </p>
          ) : null}
        </div>
      ) : null}
      {state.tab === 'categories' && state.category === null ? (
        <div className="choice-grid" data-testid="category-list">
          {catalog.queueCategories.map((c) => (
            <button key={c.code} type="button" className="choice" data-testid={`category-${c.code}`} onClick={() => send({ type: 'CATEGORY', code: c.code })}>
              <span className="choice__title">{c.name}</span>
              <span className="choice__hint">{t('find.category.count', { count: items.filter((i) => i.kiosk.queueCategory === c.code).length })}</span>
            </button>
          ))}
        </div>
      ) : null}
      {state.tab === 'themes' && state.theme === null ? (
        <div className="choice-grid" data-testid="theme-list">
          {themes.map((th) => (
            <button key={th.code} type="button" className="choice" data-testid={`theme-${th.code}`} onClick={() => send({ type: 'THEME', code: th.code })}>
              <span className="choice__title">{th.name}</span>
              <span className="choice__hint">{t('find.theme.count', { count: th.itemCodes.length })}</span>
            </button>
          ))}
        </div>
      ) : null}
      {intro ? <p className="lead">{intro}</p> : null}
      {list && list.length > 0 ? <ItemList items={list} page={state.page} size={pageSize} onPage={(page) => send({ type: 'PAGE', page })} onOpen={(itemCode) => send({ type: 'OPEN', itemCode })} /> : null}
    </Screen>
  );
}

function ItemList({ items, page, size, onPage, onOpen }: { items: ServiceItem[]; page: number; size: number; onPage(p: number): void; onOpen(code: string): void }) {
  const { t } = useI18n();
  const shown = pageOf(items, page, size);
  return (
    <>
      <ul className="item-list" data-testid="item-list">
        {shown.items.map((item) => (
          <li key={item.code}>
            <button type="button" className="item" data-testid="item" data-code={item.code} onClick={() => onOpen(item.code)}>
              <span className="item__name">{item.name}</span>
              <span className="item__meta">
                {item.department}
                {' · '}
                {item.kiosk.canSubmit ? t('item.kiosk') : t('item.windowOnly')}
                {item.timeLimit.promisedWorkingDays === 0 ? ` · ${t('item.instant')}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <Pager page={shown.page} pages={shown.pages} onPage={onPage} />
    </>
  );
}

const NECESSITY: Record<string, MessageKey> = { required: 'material.necessity.required', conditional: 'material.necessity.conditional', tolerated: 'material.necessity.tolerated' };

function GuideView(props: FindScreenProps & { item: ServiceItem; section: GuideSection; onSection(s: GuideSection): void; onBack(): void }) {
  const { t } = useI18n();
  const { item, section } = props;
  const guide = item.guide;
  // The guide itself, in short, so a phone keeps it without a network.
  const qrText = useMemo(() => {
    const lines = [
      `${t('guide.qr.heading')}${item.name}`,
      `${t('guide.promised')}：${item.timeLimit.promisedWorkingDays === 0 ? t('guide.instant') : t('guide.workingDays', { days: item.timeLimit.promisedWorkingDays })}`,
      `${t('guide.section.materials')}：`,
      ...item.materials.map((m, i) => `${i + 1}. ${m.name}（${t(NECESSITY[m.necessity]!)}）`),
      guide.location ? `${t('guide.location')}：${guide.location}` : '',
      guide.hours ? `${t('guide.hours')}：${guide.hours}` : '',
      guide.phone ? `${t('guide.phone')}：${guide.phone}` : '',
    ].filter(Boolean);
    return lines.join('\n').slice(0, 700);
  }, [item, guide, t]);
  return (
    <Screen
      testId="guide-screen"
      title={item.name}
      onHome={props.onHome}
      actions={
        <>
          <button type="button" className="button" data-testid="guide-back" onClick={props.onBack}>
            <Icon name="back" size={32} />
            {t('common.back.step')}
          </button>
          <button type="button" className="button" data-testid="guide-ticket" onClick={() => props.onTicket(item.code)}>
            <Icon name="ticket" size={32} />
            {t('guide.takeNumber')}
          </button>
          {item.kiosk.canSubmit ? (
            <button type="button" className="button button--primary" data-testid="guide-apply" onClick={() => props.onApply(item.code)}>
              <Icon name="apply" size={32} />
              {t('guide.apply')}
            </button>
          ) : null}
        </>
      }
    >
      {!item.kiosk.canSubmit ? (
        <p className="callout" data-testid="guide-window-only">
          {t('guide.windowOnly')}
        </p>
      ) : null}
      <div className="tabs tabs--wrap" role="tablist">
        {GUIDE_SECTIONS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={section === s} className="tabs__tab" data-testid={`guide-tab-${s}`} onClick={() => props.onSection(s)}>
            {t(`guide.section.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      <section className="guide" data-testid={`guide-section-${section}`}>
        {section === 'overview' ? (
          <>
            <p>{guide.summary}</p>
            <dl className="facts">
              <dt>{t('guide.department')}</dt>
              <dd>{item.department}</dd>
              <dt>{t('guide.applicants')}</dt>
              <dd>{item.applicantKinds.map((k) => t(`guide.applicant.${k}` as MessageKey)).join('、')}</dd>
              {guide.legalBasis ? (
                <>
                  <dt>{t('guide.legalBasis')}</dt>
                  <dd>{guide.legalBasis}</dd>
                </>
              ) : null}
            </dl>
          </>
        ) : null}
        {section === 'materials' ? (
          <ol className="materials">
            {item.materials.map((m) => (
              <li key={m.code} data-testid="guide-material">
                <span className="materials__name">{m.name}</span>
                <span className={`badge badge--${m.necessity}`}>{t(NECESSITY[m.necessity]!)}</span>
                {m.condition ? <span className="materials__detail">{m.condition}</span> : null}
                <span className="materials__detail">
                  {m.copies > 0 ? t('material.copies', { count: m.copies }) : ''}
                  {m.licenceType ? ` ${t('material.licence', { licence: m.licenceType })}` : ''}
                  {m.commitmentAllowed ? ` ${t('material.commitmentAllowed')}` : ''}
                </span>
              </li>
            ))}
          </ol>
        ) : null}
        {section === 'process' ? (
          <ol className="steps-list">
            {guide.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        ) : null}
        {section === 'time-fee' ? (
          <dl className="facts">
            <dt>{t('guide.promised')}</dt>
            <dd>{item.timeLimit.promisedWorkingDays === 0 ? t('guide.instant') : t('guide.workingDays', { days: item.timeLimit.promisedWorkingDays })}</dd>
            {item.timeLimit.legalWorkingDays !== undefined ? (
              <>
                <dt>{t('guide.legal')}</dt>
                <dd>{t('guide.workingDays', { days: item.timeLimit.legalWorkingDays })}</dd>
              </>
            ) : null}
            <dt>{t('guide.visits')}</dt>
            <dd>{t('guide.visitsValue', { visits: item.onsiteVisits ?? 1 })}</dd>
            <dt>{t('guide.fee')}</dt>
            <dd>{item.fee?.description ?? (item.fee?.charged ? t('guide.fee.charged') : t('guide.fee.free'))}</dd>
          </dl>
        ) : null}
        {section === 'place' ? (
          <dl className="facts">
            <dt>{t('guide.location')}</dt>
            <dd>{guide.location ?? '—'}</dd>
            <dt>{t('guide.hours')}</dt>
            <dd>{guide.hours ?? '—'}</dd>
            <dt>{t('guide.phone')}</dt>
            <dd>{guide.phone ?? '—'}</dd>
          </dl>
        ) : null}
        {section === 'faq' ? (
          <dl className="faq">
            {(guide.faq ?? []).map((f) => (
              <div key={f.q}>
                <dt>{f.q}</dt>
                <dd>{f.a}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {section === 'take-away' ? (
          <div className="take-away">
            <QrImage text={qrText} label={t('guide.qr.label')} testId="guide-qr" />
            <p>{t('guide.qr.hint')}</p>
          </div>
        ) : null}
      </section>
    </Screen>
  );
}
