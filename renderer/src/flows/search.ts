/**
 * Search of the catalog by Chinese text, pinyin, or pinyin initials: `sbzm` finds
 * 社会保险参保缴费证明 (initials s·h·b·x·c·b·j·f·z·m contain s…b…z…m in order), `shebao` finds it by
 * its keywords. The initials and full pinyin of every name come with the catalog from the host
 * (host/citizen/search-keys.ts), so the page carries no pinyin dictionary.
 */
import type { SearchKeys, ServiceItem } from '../../../common/ipc/methods/citizen';

export interface SearchIndexEntry {
  item: ServiceItem;
  name: string;
  initials: string;
  full: string;
  keywords: string[];
}

const LATIN = /^[a-z0-9' ]+$/;

export function buildSearchIndex(items: readonly ServiceItem[], keys: Readonly<Record<string, SearchKeys>>): SearchIndexEntry[] {
  return items.map((item) => ({
    item,
    name: item.name,
    initials: keys[item.code]?.initials ?? '',
    full: keys[item.code]?.full ?? '',
    keywords: (item.keywords ?? []).map((k) => k.toLowerCase()),
  }));
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const c of hay) if (c === needle[i]) i += 1;
  return i === needle.length;
}

/** How well an entry matches (0 = not at all); higher is better. */
export function score(entry: SearchIndexEntry, rawQuery: string): number {
  const query = rawQuery.trim().toLowerCase();
  if (query.length === 0) return 0;
  if (entry.name.includes(rawQuery.trim())) return 100 - Math.min(20, entry.name.indexOf(rawQuery.trim()));
  if (entry.keywords.some((k) => k === query)) return 90;
  if (entry.keywords.some((k) => k.includes(query))) return 70;
  if (LATIN.test(query)) {
    const q = query.replace(/[' ]/g, '');
    if (entry.initials.startsWith(q)) return 80;
    if (entry.full.startsWith(q)) return 75;
    if (entry.initials.includes(q)) return 60;
    if (entry.full.includes(q)) return 55;
    if (q.length >= 3 && isSubsequence(q, entry.initials)) return 40;
    return 0;
  }
  // Chinese: every character of the query somewhere in the name or keywords, in order.
  const chars = [...query];
  if (isSubsequence(query, entry.name)) return 30;
  return chars.every((c) => entry.name.includes(c) || entry.keywords.some((k) => k.includes(c))) ? 20 : 0;
}

export function searchCatalog(index: readonly SearchIndexEntry[], query: string): ServiceItem[] {
  return index
    .map((entry) => ({ entry, score: score(entry, query) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.entry.item);
}
