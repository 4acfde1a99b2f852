/**
 * The frame of every flow screen: a title, the way home (always in the same place), the content,
 * and a fixed action bar at the bottom — buttons never move under the finger.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Icon } from './Icons';

export function Screen(props: { testId: string; title: string; onHome(): void; steps?: { current: number; labels: string[] }; children: ReactNode; actions?: ReactNode; scrollKey?: string }) {
  const { t } = useI18n();
  // A new step or page starts at its top, not where the last one was scrolled to.
  const body = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (body.current) body.current.scrollTop = 0;
  }, [props.scrollKey]);
  return (
    <main className="screen" data-testid={props.testId}>
      <div className="screen__bar">
        <button type="button" className="button button--home" data-testid="go-home" onClick={props.onHome}>
          <Icon name="home" size={36} />
          {t('common.home')}
        </button>
        <h1 className="screen__title">{props.title}</h1>
      </div>
      {props.steps ? (
        <ol className="steps" aria-label={t('common.steps')}>
          {props.steps.labels.map((label, i) => (
            <li key={label} className={`steps__item ${i === props.steps!.current ? 'steps__item--current' : ''} ${i < props.steps!.current ? 'steps__item--done' : ''}`} aria-current={i === props.steps!.current ? 'step' : undefined}>
              <span className="steps__n">{i + 1}</span>
              <span className="steps__label">{label}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="screen__body" ref={body}>
        {props.children}
      </div>
      {props.actions ? <div className="screen__actions">{props.actions}</div> : null}
    </main>
  );
}

/** A row of 上一页 / 下一页 for lists shown a page at a time. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage(page: number): void }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <div className="pager" data-testid="pager">
      <button type="button" className="button" data-testid="page-prev" disabled={page <= 0} onClick={() => onPage(page - 1)}>
        {t('common.prevPage')}
      </button>
      <span className="pager__where">{t('common.pageOf', { page: page + 1, pages })}</span>
      <button type="button" className="button" data-testid="page-next" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        {t('common.nextPage')}
      </button>
    </div>
  );
}
