/**
 * The pinyin input method behind the on-screen keyboard: pure TypeScript, no React, no DOM.
 *
 * Typed letters (a–z, and ' to force a syllable break) are segmented into toneless syllables,
 * e.g. `guangzhou` → guang·zhou, `xian` → xian or xi·an, `guangz` → guang·z… (the last one may be
 * unfinished). Candidates: words for the whole input first, then the longest words that start it,
 * then single characters for the first syllable. Choosing a candidate commits its text and leaves
 * the letters it did not consume to go on with (see `commitCandidate`).
 *
 * The dictionary (pinyin-dictionary.json, built by scripts/build-pinyin-dictionary.mjs) is ~290 KB,
 * so it is loaded lazily by `loadPinyinEngine()` into a chunk of its own.
 */

export interface PinyinDictionary {
  version: number;
  source?: string;
  /** Characters by overall frequency, most frequent first. */
  common: string;
  /** Toneless syllable (ü written v) → its characters, most common first. */
  chars: Record<string, string>;
  /** Syllables joined by ' → words of that many characters, concatenated, most common first. */
  words: Record<string, string>;
}

export interface Candidate {
  text: string;
  /** How many characters of the input (letters and separators) choosing it consumes. */
  consumed: number;
  kind: 'word' | 'char' | 'phrase';
}

/** One reading of the input: its syllables with where each ends; the last may be unfinished. */
export interface Segmentation {
  syllables: string[];
  /** Input offset just past each syllable (and past a separator that follows it). */
  ends: number[];
  /** True when the last syllable is only the start of one (e.g. `zh`). */
  partial: boolean;
}

/** Longest input the engine segments; longer input is cut (the keyboard never composes that much). */
export const MAX_INPUT = 48;
const MAX_SEGMENTATIONS = 12;
/** Characters of the best reading's first syllable offered before other readings' words. */
const FIRST_CHARS = 5;
const SEPARATOR = "'";
/** Spellings people type for the syllables the dictionary writes with v. */
const ALIASES: Record<string, string> = { lue: 'lve', nue: 'nve' };

export class PinyinEngine {
  private readonly syllables: Set<string>;
  private readonly prefixes: Set<string>;
  private readonly wordKeys: string[];
  private readonly rank = new Map<string, number>();
  private readonly prefixCache = new Map<string, string[]>();
  private readonly longest: number;

  constructor(private readonly dictionary: PinyinDictionary) {
    this.syllables = new Set(Object.keys(dictionary.chars));
    for (const [alias, target] of Object.entries(ALIASES)) if (this.syllables.has(target)) this.syllables.add(alias);
    this.prefixes = new Set();
    let longest = 1;
    for (const s of this.syllables) {
      longest = Math.max(longest, s.length);
      for (let i = 1; i <= s.length; i += 1) this.prefixes.add(s.slice(0, i));
    }
    this.longest = longest;
    this.wordKeys = Object.keys(dictionary.words).sort();
    Array.from(dictionary.common).forEach((ch, i) => this.rank.set(ch, i));
  }

  /** Lower-case letters and separators only, at most MAX_INPUT long. */
  static normalize(input: string): string {
    return input
      .toLowerCase()
      .replace(/ü/g, 'v')
      .replace(/[^a-z']/g, '')
      .slice(0, MAX_INPUT);
  }

  isSyllable(s: string): boolean {
    return this.syllables.has(s);
  }

  /** The readings of the input, best first: fewest syllables, whole syllables before an unfinished one. */
  segmentations(rawInput: string): Segmentation[] {
    const input = PinyinEngine.normalize(rawInput);
    const results: Segmentation[] = [];
    const syllables: string[] = [];
    const ends: number[] = [];
    let steps = 600;
    const walk = (at: number) => {
      if (results.length >= MAX_SEGMENTATIONS * 4 || (steps -= 1) < 0) return;
      let start = at;
      while (input[start] === SEPARATOR) start += 1;
      if (start >= input.length) {
        if (syllables.length) results.push({ syllables: [...syllables], ends: [...ends], partial: false });
        return;
      }
      for (let len = Math.min(this.longest, input.length - start); len >= 1; len -= 1) {
        const piece = input.slice(start, start + len);
        if (piece.includes(SEPARATOR)) continue;
        let end = start + len;
        while (input[end] === SEPARATOR) end += 1;
        if (this.syllables.has(piece)) {
          syllables.push(ALIASES[piece] ?? piece);
          ends.push(end);
          walk(end);
          syllables.pop();
          ends.pop();
        } else if (end >= input.length && this.prefixes.has(piece)) {
          results.push({ syllables: [...syllables, piece], ends: [...ends, input.length], partial: true });
        }
      }
    };
    walk(0);
    results.sort((a, b) => Number(a.partial) - Number(b.partial) || a.syllables.length - b.syllables.length);
    const unique: Segmentation[] = [];
    const seen = new Set<string>();
    for (const r of results) {
      const key = r.syllables.join(SEPARATOR) + (r.partial ? '…' : '');
      if (!seen.has(key)) {
        seen.add(key);
        unique.push(r);
      }
      if (unique.length >= MAX_SEGMENTATIONS) break;
    }
    return unique;
  }

  /** The best reading of the input as syllables, for display (e.g. `guang zhou`); letters that fit no syllable stay as they are. */
  segment(rawInput: string): string[] {
    const input = PinyinEngine.normalize(rawInput);
    const best = this.segmentations(input)[0];
    if (best) return best.syllables;
    return this.greedy(input).map((t) => t.text);
  }

  /** Candidates for the input, best first, without duplicates. */
  candidates(rawInput: string, limit = 200): Candidate[] {
    const input = PinyinEngine.normalize(rawInput);
    if (!/[a-z]/.test(input)) return [];
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const add = (text: string, consumed: number, kind: Candidate['kind']) => {
      if (!text || seen.has(text) || out.length >= limit) return;
      seen.add(text);
      out.push({ text, consumed, kind });
    };
    const segs = this.segmentations(input);
    if (segs.length === 0) {
      // Nothing fits: offer the characters of the first thing that looks like a syllable, if any.
      const first = this.greedy(input)[0];
      if (first && this.syllables.has(first.text)) for (const ch of this.charsOf(first.text)) add(ch, first.end, 'char');
      return out;
    }
    const best = segs[0]!;
    const complete = segs.filter((s) => !s.partial);

    // 1. Single characters up front when the best reading is one syllable (xian → 先 before 西安).
    if (best.syllables.length === 1) {
      const chars = best.partial ? this.charsForPrefix(best.syllables[0]!) : this.charsOf(best.syllables[0]!);
      for (const ch of chars.slice(0, FIRST_CHARS)) add(ch, best.ends[0]!, 'char');
    }
    // 2. Words for the whole input, every reading; an unfinished last syllable matches by prefix,
    //    but only when no reading of whole syllables exists (zhang is not zhan·g…).
    for (const seg of complete.length ? complete : segs) {
      if (seg.syllables.length < 2) continue;
      for (const word of this.wordsFor(seg.syllables, seg.partial)) add(word, input.length, 'word');
    }
    // 3. A phrase of whole dictionary words for long input with no single word (woyaoshebao → 我要社保).
    const phraseSeg = complete[0] ?? best;
    if (phraseSeg.syllables.length >= 4 && out.every((c) => c.kind === 'char')) {
      const phrase = this.compose(phraseSeg);
      if (phrase) add(phrase.text, phrase.consumed, 'phrase');
    }
    // 4. The longest words that start the best reading, then the first characters of its first
    //    syllable, and only then words that start another reading: `tianrun` is tian·run, so 天 comes
    //    before 提案 (ti·an). Choosing 提案 first would commit a word the citizen did not spell and
    //    leave `run` behind — a garbled name when the rest is committed.
    const prefixWords = (seg: Segmentation) => {
      for (let k = seg.syllables.length - 1; k >= 2; k -= 1) {
        for (const word of this.wordsFor(seg.syllables.slice(0, k), false)) add(word, seg.ends[k - 1]!, 'word');
      }
    };
    prefixWords(best);
    const firstChars = best.partial && best.syllables.length === 1 ? this.charsForPrefix(best.syllables[0]!) : this.charsOf(best.syllables[0]!);
    for (const ch of firstChars.slice(0, FIRST_CHARS)) add(ch, best.ends[0]!, 'char');
    for (const seg of segs.slice(1, 3)) prefixWords(seg);
    for (const seg of [best, ...segs.slice(1)]) {
      const first = seg.syllables[0]!;
      const chars = seg.partial && seg.syllables.length === 1 ? this.charsForPrefix(first) : this.charsOf(first);
      for (const ch of chars) add(ch, seg.ends[0]!, 'char');
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Characters of one whole syllable, most common first. */
  charsOf(syllable: string): string[] {
    return Array.from(this.dictionary.chars[ALIASES[syllable] ?? syllable] ?? '');
  }

  /** Characters of every syllable that starts with `prefix`, most frequent first (zh → 这 中 …). */
  charsForPrefix(prefix: string): string[] {
    const cached = this.prefixCache.get(prefix);
    if (cached) return cached;
    const pool: string[] = [];
    for (const s of Object.keys(this.dictionary.chars)) if (s.startsWith(prefix)) pool.push(...Array.from(this.dictionary.chars[s]!).slice(0, 30));
    const unranked = this.rank.size;
    const sorted = [...new Set(pool)].sort((a, b) => (this.rank.get(a) ?? unranked) - (this.rank.get(b) ?? unranked));
    this.prefixCache.set(prefix, sorted);
    return sorted;
  }

  /** Words spelled by these syllables; with `partialLast`, the last one only starts a syllable. */
  wordsFor(syllables: string[], partialLast: boolean): string[] {
    const n = syllables.length;
    const split = (value: string) => {
      const chars = Array.from(value);
      const words: string[] = [];
      for (let i = 0; i + n <= chars.length; i += n) words.push(chars.slice(i, i + n).join(''));
      return words;
    };
    if (!partialLast) {
      const value = this.dictionary.words[syllables.join(SEPARATOR)];
      return value ? split(value) : [];
    }
    const prefix = syllables.join(SEPARATOR);
    const out: string[] = [];
    let lo = 0;
    let hi = this.wordKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.wordKeys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.wordKeys.length && out.length < 60; i += 1) {
      const key = this.wordKeys[i]!;
      if (!key.startsWith(prefix)) break;
      if (key.split(SEPARATOR).length === n) out.push(...split(this.dictionary.words[key]!));
    }
    return out;
  }

  /** Greedy longest words along one reading, for a phrase candidate; null unless it is all words. */
  private compose(seg: Segmentation): { text: string; consumed: number } | null {
    const count = seg.partial ? seg.syllables.length - 1 : seg.syllables.length;
    if (count < 2) return null;
    let text = '';
    let i = 0;
    while (i < count) {
      let step = 0;
      for (let k = Math.min(4, count - i); k >= 2 && !step; k -= 1) {
        const word = this.wordsFor(seg.syllables.slice(i, i + k), false)[0];
        if (word) {
          text += word;
          step = k;
        }
      }
      // Only words: a guessed single character would more often be wrong than right.
      if (!step) return null;
      i += step;
    }
    return { text, consumed: seg.ends[count - 1]! };
  }

  /** Splits input that fits no reading: longest syllable (or syllable start) at each point, else one letter. */
  private greedy(input: string): { text: string; end: number }[] {
    const tokens: { text: string; end: number }[] = [];
    let at = 0;
    while (at < input.length) {
      if (input[at] === SEPARATOR) {
        at += 1;
        continue;
      }
      let len = Math.min(this.longest, input.length - at);
      while (len > 1 && !this.prefixes.has(input.slice(at, at + len))) len -= 1;
      const text = input.slice(at, at + len).replace(/'/g, '');
      at += len;
      tokens.push({ text, end: at });
    }
    return tokens;
  }
}

/** What is left to compose after choosing a candidate. */
export function commitCandidate(input: string, candidate: Candidate): string {
  return PinyinEngine.normalize(input).slice(candidate.consumed).replace(/^'+/, '');
}

let loading: Promise<PinyinEngine> | null = null;

/** Loads the dictionary (its own chunk) once and builds the engine. */
export function loadPinyinEngine(): Promise<PinyinEngine> {
  loading ??= import('./pinyin-dictionary.json').then((module) => new PinyinEngine((module as { default: PinyinDictionary }).default ?? (module as unknown as PinyinDictionary)));
  loading.catch(() => (loading = null));
  return loading;
}
