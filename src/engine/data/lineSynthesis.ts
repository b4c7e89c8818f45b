/**
 * EMNISTLines' "ransom-note" lines: each line is kept as a recipe (its tokens, one glyph per
 * character cell and its stride) and rendered on demand, so 14,000 lines take under 2 MB
 * instead of 350 MB of pixels, and a seed gives the same lines and pixels every time.
 */
import { EMNIST_MAPPING, PADDING } from './emnistMapping';
import { GLYPH_SIZE, type GlyphPool } from './glyphPool';
import { type LineCorpus, sampleLineText } from './lineText';
import { createRng, type Rng } from './rng';

/** The lab's EMNISTLines: at most 32 characters, each in a 28-px cell, on a 28 x 896 image. */
export const MAX_LINE_LENGTH = 32;
export const LINE_HEIGHT = GLYPH_SIZE;
export const LINE_WIDTH = GLYPH_SIZE * MAX_LINE_LENGTH;
const NO_GLYPH = -1;

export interface LineSet {
  count: number;
  /** Tokens of the 83-token mapping, [count, 32], padded with `<P>`. */
  labels: Uint8Array;
  /** The glyph drawn in each cell, [count, 32]; NO_GLYPH for a space or padding. */
  glyphs: Int32Array;
  /** Pixels from one cell to the next, per line: 28 - floor(overlap * 28). */
  strides: Uint8Array;
  pool: GlyphPool;
}

export interface LineSynthesisOptions {
  count: number;
  /** Each line draws one overlap from U(minOverlap, maxOverlap), a fraction of the glyph width. */
  minOverlap: number;
  maxOverlap: number;
  seed: number;
}

/** Draws `count` line recipes: text, then one overlap, then a glyph per character. */
export function synthesizeLines(
  corpus: LineCorpus,
  pool: GlyphPool,
  options: LineSynthesisOptions,
): LineSet {
  const { count, minOverlap, maxOverlap, seed } = options;
  if (!(minOverlap >= 0 && minOverlap <= maxOverlap && maxOverlap < 1)) {
    throw new Error(
      `Overlaps need 0 <= min_overlap <= max_overlap < 1, got ${minOverlap} and ${maxOverlap}.`,
    );
  }
  const rng = createRng(seed);
  const tokenOf = new Map(EMNIST_MAPPING.map((token, i) => [token, i]));
  const labels = new Uint8Array(count * MAX_LINE_LENGTH).fill(PADDING);
  const glyphs = new Int32Array(count * MAX_LINE_LENGTH).fill(NO_GLYPH);
  const strides = new Uint8Array(count);
  for (let line = 0; line < count; line++) {
    const text = sampleLineText(corpus, rng, MAX_LINE_LENGTH);
    const overlap = minOverlap + (maxOverlap - minOverlap) * rng.next();
    strides[line] = GLYPH_SIZE - Math.floor(overlap * GLYPH_SIZE);
    Array.from(text).forEach((char, cell) => {
      const token = tokenOf.get(char);
      if (token === undefined) throw new Error(`'${char}' is not in the EMNIST mapping.`);
      labels[line * MAX_LINE_LENGTH + cell] = token;
      if (char !== ' ') glyphs[line * MAX_LINE_LENGTH + cell] = pool.pick(char, rng);
    });
  }
  return { count, labels, glyphs, strides, pool };
}

/** Per-cell pixel offsets of a jittered rendering: along the line and up or down. */
export interface GlyphOffsets {
  dx: Int8Array;
  dy: Int8Array;
}

/**
 * Random glyph spacing and baseline jitter for one line (training augmentation): each cell
 * moves by a whole number of pixels drawn from [-spacing, spacing] along the line and
 * [-baseline, baseline] up or down.
 */
export function drawGlyphOffsets(rng: Rng, spacing: number, baseline: number): GlyphOffsets {
  const offsets = { dx: new Int8Array(MAX_LINE_LENGTH), dy: new Int8Array(MAX_LINE_LENGTH) };
  for (let cell = 0; cell < MAX_LINE_LENGTH; cell++) {
    offsets.dx[cell] = rng.nextInt(2 * spacing + 1) - spacing;
    offsets.dy[cell] = rng.nextInt(2 * baseline + 1) - baseline;
  }
  return offsets;
}

/**
 * Renders line `index` into `out` (28 x 896, row-major, uint8, left-aligned): overlapping
 * glyphs are summed in 16 bits and clipped to 255 (the lab sums in uint8, which wraps bright
 * overlaps around to dark). With `offsets`, each glyph moves by its cell's offset, kept on the
 * line (a glyph moved up or down loses the rows that leave it).
 */
export function renderLine(
  lines: LineSet,
  index: number,
  out = new Uint8Array(LINE_HEIGHT * LINE_WIDTH),
  offsets?: GlyphOffsets,
): Uint8Array {
  const sum = new Uint16Array(LINE_HEIGHT * LINE_WIDTH);
  const stride = lines.strides[index];
  for (let cell = 0; cell < MAX_LINE_LENGTH; cell++) {
    const glyph = lines.glyphs[index * MAX_LINE_LENGTH + cell];
    if (glyph === NO_GLYPH) continue;
    const image = lines.pool.image(glyph);
    const dx = offsets?.dx[cell] ?? 0;
    const dy = offsets?.dy[cell] ?? 0;
    const left = Math.min(Math.max(cell * stride + dx, 0), LINE_WIDTH - GLYPH_SIZE);
    for (let r = Math.max(0, -dy); r < Math.min(GLYPH_SIZE, GLYPH_SIZE - dy); r++) {
      const row = (r + dy) * LINE_WIDTH + left;
      for (let c = 0; c < GLYPH_SIZE; c++) sum[row + c] += image[r * GLYPH_SIZE + c];
    }
  }
  for (let p = 0; p < sum.length; p++) out[p] = Math.min(sum[p], 255);
  return out;
}

/** The text of line `index` (its tokens up to the padding). */
export function lineText(lines: LineSet, index: number): string {
  let text = '';
  for (let cell = 0; cell < MAX_LINE_LENGTH; cell++) {
    const token = lines.labels[index * MAX_LINE_LENGTH + cell];
    if (token === PADDING) break;
    text += EMNIST_MAPPING[token];
  }
  return text;
}
