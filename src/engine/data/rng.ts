/**
 * Seeded randomness for splits, balancing and shuffling. Every random choice in the data
 * pipeline goes through here so that a seed reproduces a run exactly, in Node and in browsers.
 */

export interface Rng {
  /** A float in [0, 1) with 32 random bits. */
  next(): number;
  /** An integer in [0, n). */
  nextInt(n: number): number;
}

const TWO_POW_32 = 0x1_0000_0000;

function checkSeed(seed: number, what: string): void {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${what} must be an integer, got ${seed}.`);
  }
}

/** splitmix32 step: spreads a seed's bits so nearby seeds give unrelated streams. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 (Small Fast Counting): 128-bit state, passes PractRand, only 32-bit integer ops. */
export function createRng(seed: number): Rng {
  checkSeed(seed, 'Rng seed');
  let a = splitmix32(seed >>> 0);
  let b = splitmix32(a ^ Math.floor(seed / TWO_POW_32));
  let c = splitmix32(b);
  let d = 1;
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state during its first few rounds.
  for (let i = 0; i < 12; i++) nextU32();
  return {
    next: () => nextU32() / TWO_POW_32,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
        throw new Error(`nextInt(n) needs an integer n in [1, 2^32], got ${n}.`);
      }
      // Rejection sampling keeps every value equally likely even when n does not divide 2^32.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = nextU32();
      while (x >= limit) x = nextU32();
      return x % n;
    },
  };
}

/** A uniformly random order of 0..n-1 (Fisher–Yates), the same for the same seed. */
export function permutation(n: number, seed: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`permutation(n) needs a non-negative integer n, got ${n}.`);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}

/** Mixes several integers (e.g. run seed, epoch, step) into one 32-bit seed. Order matters. */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    checkSeed(part, 'hashSeed part');
    // Both 32-bit halves, so seeds above 2^32 and negative numbers stay distinct.
    for (const word of [part >>> 0, Math.floor(part / TWO_POW_32) >>> 0]) {
      h = Math.imul(h ^ word, 0x01000193);
      h = splitmix32(h);
    }
  }
  return h >>> 0;
}
