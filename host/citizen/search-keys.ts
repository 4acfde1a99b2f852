/**
 * Pinyin of every service item's name, for the page's search (`sbzm` finds 社会保险参保缴费证明).
 * Computed here, in the host, because the pinyin library and its dictionary are large: the page
 * would otherwise load them all before it could show the home screen.
 */
import { pinyin } from 'pinyin-pro';
import type { SearchKeys } from '../../common/ipc/methods/citizen';

function pinyinOf(text: string, pattern: 'first' | 'pinyin'): string {
  const parts = pinyin(text, { pattern, toneType: 'none', type: 'array', nonZh: 'removed', v: true }) as string[];
  return parts.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function searchKeysOf(name: string): SearchKeys {
  return { initials: pinyinOf(name, 'first'), full: pinyinOf(name, 'pinyin') };
}

/** Keys for every item of a catalog, by item code. */
export function searchKeysFor(items: readonly { code: string; name: string }[]): Record<string, SearchKeys> {
  return Object.fromEntries(items.map((item) => [item.code, searchKeysOf(item.name)]));
}
