/**
 * The text of synthetic lines: a running corpus of drawable characters, cut at word boundaries
 * into lines of at most a given length, the way the lab's BrownTextSentenceGenerator does.
 */
import type { Rng } from './rng';

export interface LineCorpus {
  /** Words separated by single spaces, no leading or trailing space. */
  text: string;
  /** Where each word starts and ends (exclusive) in `text`. */
  wordStarts: Uint32Array;
  wordEnds: Uint32Array;
  /** The length of the shortest word (Infinity without words): lines need room for one. */
  shortestWord: number;
}

function corpusOf(text: string): LineCorpus {
  const starts: number[] = [];
  const ends: number[] = [];
  let shortestWord = Number.POSITIVE_INFINITY;
  for (const match of text.matchAll(/\S+/g)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
    shortestWord = Math.min(shortestWord, match[0].length);
  }
  return {
    text,
    wordStarts: Uint32Array.from(starts),
    wordEnds: Uint32Array.from(ends),
    shortestWord,
  };
}

/**
 * Sentences joined into one text, keeping only characters that have glyphs (the rest, such as
 * punctuation without an EMNIST class, are removed inside their words, as the lab removes
 * punctuation); any run of whitespace becomes one space.
 */
export function textCorpus(
  sentences: readonly string[],
  drawable: ReadonlySet<string>,
): LineCorpus {
  const kept = Array.from(sentences.join(' '), (c) => (/\s/.test(c) ? ' ' : c))
    .filter((c) => c === ' ' || drawable.has(c))
    .join('');
  return corpusOf(kept.replace(/ +/g, ' ').trim());
}

/**
 * Digits-only text for glyph sources with digits alone (MNIST): `words` groups of 1 to 6 random
 * digits, so lines look like runs of numbers and use every digit about equally.
 */
export function digitCorpus(rng: Rng, words: number): LineCorpus {
  const groups: string[] = [];
  for (let w = 0; w < words; w++) {
    const length = 1 + rng.nextInt(6);
    groups.push(Array.from({ length }, () => String(rng.nextInt(10))).join(''));
  }
  return corpusOf(groups.join(' '));
}

/**
 * One line of text: from the start of a random word to the end of a random later word, at most
 * `maxLength` characters, never breaking a word. A start whose first word alone is too long is
 * drawn again.
 */
export function sampleLineText(corpus: LineCorpus, rng: Rng, maxLength: number): string {
  const { text, wordStarts, wordEnds } = corpus;
  if (corpus.shortestWord > maxLength) {
    throw new Error(`The line corpus has no word of at most ${maxLength} characters.`);
  }
  for (;;) {
    const first = rng.nextInt(wordStarts.length);
    const start = wordStarts[first];
    let last = first;
    while (last < wordEnds.length && wordEnds[last] - start <= maxLength) last++;
    if (last === first) continue;
    const end = wordEnds[first + rng.nextInt(last - first)];
    return text.slice(start, end);
  }
}
