/** Deterministic filler bytes (stand-in WLT photos and fingerprints; never real biometric data). */
export function fillerBytes(length: number, seed: string | number): Uint8Array {
  let state = typeof seed === 'number' ? seed >>> 0 : 2166136261;
  if (typeof seed === 'string') {
    for (let i = 0; i < seed.length; i += 1) state = Math.imul(state ^ seed.charCodeAt(i), 16777619) >>> 0;
  }
  if (state === 0) state = 0x9e3779b9;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}
