/**
 * CODE128 as ESC/POS carries it (GS k 73 n data, where data starts with "{A", "{B" or "{C"), and
 * the bar widths for drawing it (ISO/IEC 15417 symbol table).
 */

/** Bar/space widths (in modules) of each symbol value 0–106; 106 is the stop pattern (7 elements). */
const PATTERNS = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 ' +
  '221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 ' +
  '221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 ' +
  '212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 ' +
  '231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 ' +
  '231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 ' +
  '314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 ' +
  '112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 ' +
  '214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 ' +
  '114131 311141 411131 211412 211214 211232 2331112'
)
  .split(' ')
  .map((p) => [...p].map(Number));

export const CODE128_START = { A: 103, B: 104, C: 105 } as const;
export const CODE128_STOP = 106;

export interface ParsedCode128 {
  /** Human-readable text (what the HRI line shows). */
  text: string;
  /** Symbol values from the start code on, without check symbol and stop. */
  values: number[];
}

/**
 * Parses ESC/POS CODE128 data ("{B…"). Returns null when it does not start with a code set
 * selection or contains bytes invalid for the current set.
 */
export function parseEscPosCode128(data: Uint8Array): ParsedCode128 | null {
  if (data.length < 2 || data[0] !== 0x7b) return null;
  let set = data[1] === 0x41 ? 'A' : data[1] === 0x42 ? 'B' : data[1] === 0x43 ? 'C' : null;
  if (!set) return null;
  const values: number[] = [CODE128_START[set as 'A' | 'B' | 'C']];
  let text = '';
  for (let i = 2; i < data.length; i++) {
    const b = data[i] ?? 0;
    if (b === 0x7b && set !== 'C') {
      const next = data[++i];
      if (next === undefined) return null;
      if (next === 0x7b) {
        values.push(0x7b - 32);
        text += '{';
      } else if (next === 0x41 || next === 0x42 || next === 0x43) {
        const target = String.fromCharCode(next);
        if (target !== set) values.push(target === 'A' ? 101 : target === 'B' ? 100 : 99);
        set = target;
      } else if (next === 0x53) values.push(98);
      else if (next === 0x31) values.push(102);
      else if (next === 0x32) values.push(97);
      else if (next === 0x33) values.push(96);
      else if (next === 0x34) values.push(set === 'A' ? 101 : 100);
      else return null;
      continue;
    }
    if (set === 'C') {
      if (b === 0x7b) {
        const next = data[++i];
        if (next === 0x41 || next === 0x42) {
          values.push(next === 0x41 ? 101 : 100);
          set = String.fromCharCode(next);
          continue;
        }
        if (next === 0x31) {
          values.push(102);
          continue;
        }
        return null;
      }
      if (b > 99) return null;
      values.push(b);
      text += b.toString().padStart(2, '0');
      continue;
    }
    if (set === 'B') {
      if (b < 0x20 || b > 0x7f) return null;
      values.push(b - 32);
      text += String.fromCharCode(b);
    } else {
      if (b > 0x5f) return null;
      values.push(b < 0x20 ? b + 64 : b - 32);
      text += b >= 0x20 ? String.fromCharCode(b) : ' ';
    }
  }
  return values.length > 1 ? { text, values } : null;
}

/** The check symbol value: (start + Σ value·position) mod 103. */
export function code128Checksum(values: readonly number[]): number {
  let sum = values[0] ?? 0;
  for (let i = 1; i < values.length; i++) sum += (values[i] ?? 0) * i;
  return sum % 103;
}

/**
 * The modules of a complete symbol (start … check, stop), true = bar, without quiet zones.
 */
export function code128Modules(values: readonly number[]): boolean[] {
  const all = [...values, code128Checksum(values), CODE128_STOP];
  const modules: boolean[] = [];
  for (const value of all) {
    const pattern = PATTERNS[value];
    if (!pattern) throw new RangeError(`invalid CODE128 value ${value}`);
    pattern.forEach((width, index) => {
      for (let k = 0; k < width; k++) modules.push(index % 2 === 0);
    });
  }
  return modules;
}
