/** Longer contexts are nearly all unseen in a few thousand lines, and cost memory. */
export const MAX_LM_ORDER = 8;

/**
 * A character n-gram language model with Witten-Bell interpolation, for CTC beam search: the
 * probability of the next token given the tokens before it, each order's estimate mixed with
 * the next lower order's in proportion to how many distinct tokens followed that context, down
 * to add-one unigrams over the vocabulary, so every token has a probability above 0.
 */
export class CharNgram {
  /** counts.get(context)?.get(token): how often `token` followed `context` (a joined key). */
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly totals = new Map<string, number>();
  private unigramTotal = 0;
  private readonly unigrams: Float64Array;

  /**
   * `order` tokens in all (order - 1 before the one predicted), from `sequences` of token ids
   * below `vocabulary`.
   */
  constructor(
    readonly order: number,
    readonly vocabulary: number,
    sequences: Iterable<readonly number[]>,
  ) {
    if (!Number.isInteger(order) || order < 1 || order > MAX_LM_ORDER) {
      throw new Error(
        `A character n-gram model needs an order from 1 to ${MAX_LM_ORDER}, got ${order}.`,
      );
    }
    this.unigrams = new Float64Array(vocabulary);
    for (const sequence of sequences) {
      for (let i = 0; i < sequence.length; i++) {
        const token = sequence[i];
        this.unigrams[token]++;
        this.unigramTotal++;
        for (let n = 1; n < order && n <= i; n++) {
          const context = key(sequence, i - n, i);
          let next = this.counts.get(context);
          if (next === undefined) {
            next = new Map();
            this.counts.set(context, next);
          }
          next.set(token, (next.get(token) ?? 0) + 1);
          this.totals.set(context, (this.totals.get(context) ?? 0) + 1);
        }
      }
    }
  }

  /** log P(token | the last order - 1 tokens of `history`). */
  logProbability(history: readonly number[], token: number): number {
    let p = (this.unigrams[token] + 1) / (this.unigramTotal + this.vocabulary);
    const longest = Math.min(this.order - 1, history.length);
    for (let n = 1; n <= longest; n++) {
      const context = key(history, history.length - n, history.length);
      const next = this.counts.get(context);
      if (next === undefined) break;
      const total = this.totals.get(context) as number;
      const types = next.size;
      p = ((next.get(token) ?? 0) + types * p) / (total + types);
    }
    return Math.log(p);
  }
}

const key = (tokens: readonly number[], from: number, to: number) =>
  tokens.slice(from, to).join(',');
