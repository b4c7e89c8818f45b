import type { CharNgram } from './charNgram';

export interface BeamSearchOptions {
  blank: number;
  /** Prefixes kept after each step. */
  width: number;
  /** A character language model, its weight and a bonus per character against its bias to short output. */
  lm?: { model: CharNgram; weight: number; insertionBonus: number };
}

interface Prefix {
  tokens: number[];
  /** Log scores of the best path to this prefix ending in a blank, and in its last token. */
  blank: number;
  token: number;
  /** The language model's weighted log probability of the tokens, plus the bonuses. */
  lm: number;
}

const score = (p: Prefix) => Math.max(p.blank, p.token) + p.lm;

/** Tokens this far (in nats) below a step's most probable one are not tried as extensions. */
const PRUNE = 16;

/**
 * CTC prefix beam search over one sequence of log probabilities ([steps, classes], row-major),
 * by the best path (max-product): each prefix is scored by its most probable alignment rather
 * than the sum over alignments. With width 1 it is greedy decoding, since the best path's prefix
 * is then the best prefix at every step (the step's most probable token is always tried), up to
 * paths of exactly equal probability, which either may choose; wider, it keeps prefixes the
 * language model can still prefer.
 */
export function ctcBeamSearch(
  logProbs: Float32Array,
  classes: number,
  options: BeamSearchOptions,
): number[] {
  const { blank, width, lm } = options;
  if (!Number.isInteger(width) || width < 1) {
    throw new Error(`Beam search needs a width of 1 or more, got ${width}.`);
  }
  const steps = logProbs.length / classes;
  let beams: Prefix[] = [{ tokens: [], blank: 0, token: -Infinity, lm: 0 }];
  for (let t = 0; t < steps; t++) {
    const row = logProbs.subarray(t * classes, (t + 1) * classes);
    let rowMax = -Infinity;
    for (let c = 0; c < classes; c++) rowMax = Math.max(rowMax, row[c]);
    const next = new Map<string, Prefix>();
    const extend = (tokens: number[], blankScore: number, tokenScore: number, lmScore: number) => {
      const key = tokens.join(',');
      const known = next.get(key);
      if (known === undefined) {
        next.set(key, { tokens, blank: blankScore, token: tokenScore, lm: lmScore });
      } else {
        known.blank = Math.max(known.blank, blankScore);
        known.token = Math.max(known.token, tokenScore);
      }
    };
    for (const beam of beams) {
      const best = Math.max(beam.blank, beam.token);
      const last = beam.tokens.length ? beam.tokens[beam.tokens.length - 1] : -1;
      extend(beam.tokens, best + row[blank], -Infinity, beam.lm);
      // The last token again, without a blank between: the same prefix.
      if (last >= 0) extend(beam.tokens, -Infinity, beam.token + row[last], beam.lm);
      for (let c = 0; c < classes; c++) {
        if (c === blank || row[c] < rowMax - PRUNE) continue;
        // A repeated token is a new one only after a blank.
        const from = c === last ? beam.blank : best;
        if (from === -Infinity) continue;
        const lmScore = lm
          ? beam.lm + lm.weight * lm.model.logProbability(beam.tokens, c) + lm.insertionBonus
          : 0;
        extend([...beam.tokens, c], -Infinity, from + row[c], lmScore);
      }
    }
    beams = [...next.values()].sort((a, b) => score(b) - score(a)).slice(0, width);
  }
  return beams[0].tokens;
}
