/**
 * mulberry32: small, fast and seeded, so generated data (the demo portfolio, benches, mock
 * exchange datasets, fuzzed files) is the same on every machine and every run. Only
 * integer operations and one exact division, so every JavaScript engine gives the same numbers.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard-normal-ish shock (Irwin-Hall: sum of 12 uniforms - 6), with additions only: no
 * Math.log or Math.cos, whose last bit may differ between engines.
 */
export function shock(rng: () => number): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += rng();
  return s - 6;
}

/** A seed for one named stream (FNV-1a of the name, mixed with a base seed). */
export function seedOf(base: number, name: string): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `n` lower-case hex digits. */
export function hex(rng: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}
