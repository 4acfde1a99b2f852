/**
 * Find a service: by category (the hall's windows), by theme (一件事), or by search; then the
 * item's full guide (办事指南), in sections the citizen taps through.
 */
import { defineMachine } from './machine';

export type FindTab = 'categories' | 'themes' | 'search';
export type GuideSection = 'overview' | 'materials' | 'process' | 'time-fee' | 'place' | 'faq' | 'take-away';
export const GUIDE_SECTIONS: readonly GuideSection[] = ['overview', 'materials', 'process', 'time-fee', 'place', 'faq', 'take-away'];

export interface BrowseState {
  view: 'browse';
  tab: FindTab;
  category: string | null;
  theme: string | null;
  query: string;
  page: number;
}

export type FindState = BrowseState | { view: 'guide'; itemCode: string; section: GuideSection; from: BrowseState };

export type FindEvent =
  | { type: 'TAB'; tab: FindTab }
  | { type: 'CATEGORY'; code: string | null }
  | { type: 'THEME'; code: string | null }
  | { type: 'QUERY'; query: string }
  | { type: 'PAGE'; page: number }
  | { type: 'OPEN'; itemCode: string }
  | { type: 'SECTION'; section: GuideSection }
  | { type: 'BACK' };

export const initialFind: BrowseState = { view: 'browse', tab: 'categories', category: null, theme: null, query: '', page: 0 };

export function findTransition(state: FindState, event: FindEvent): FindState {
  if (state.view === 'guide') {
    if (event.type === 'SECTION') return GUIDE_SECTIONS.includes(event.section) ? { ...state, section: event.section } : state;
    if (event.type === 'BACK') return state.from;
    return state;
  }
  switch (event.type) {
    case 'TAB':
      return { ...state, tab: event.tab, category: null, theme: null, page: 0 };
    case 'CATEGORY':
      return state.tab === 'categories' ? { ...state, category: event.code, page: 0 } : state;
    case 'THEME':
      return state.tab === 'themes' ? { ...state, theme: event.code, page: 0 } : state;
    case 'QUERY':
      return { ...state, tab: 'search', query: event.query.slice(0, 40), page: 0 };
    case 'PAGE':
      return event.page >= 0 ? { ...state, page: event.page } : state;
    case 'OPEN':
      return { view: 'guide', itemCode: event.itemCode, section: 'overview', from: state };
    case 'BACK':
      if (state.category !== null) return { ...state, category: null, page: 0 };
      if (state.theme !== null) return { ...state, theme: null, page: 0 };
      return state;
    default:
      return state;
  }
}

export const findMachine = defineMachine<FindState, FindEvent>({ name: 'find', initial: initialFind, transition: findTransition });

/** One page of a list: never a scroll gesture, always a tap on 上一页/下一页. */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages };
}
