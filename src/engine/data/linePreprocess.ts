// Pure (no DOM): the Lines pad hands it the pad's pixels; tests run it in Node.
import { MAX_LINE_LENGTH } from './lineSynthesis';
import { type GrayImage, MODEL_SIDE, preprocessDrawing } from './preprocess';

/** A column counts as ink when one of its pixels is above this (anti-aliased edges are not). */
const INK_THRESHOLD = 0.05;
/**
 * A piece of ink wider than this many times the line's ink height holds touching glyphs:
 * handwritten characters are at most about as wide as tall.
 */
const TOUCHING_WIDTH = 1.25;
/** The width of one character, relative to the ink height, when touching glyphs are cut. */
const CELL_WIDTH = 0.8;

/** Columns [left, right) of the pad holding one character. */
export interface CharSpan {
  left: number;
  right: number;
}

function intensity(image: GrayImage, i: number): number {
  const v = image.pixels[i];
  return image.pixels instanceof Float32Array ? v : v / 255;
}

/** The rows the ink spans ([top, bottom), bottom exclusive) and which columns hold ink. */
function inkExtent(image: GrayImage): { columns: boolean[]; height: number } {
  const columns = new Array<boolean>(image.width).fill(false);
  let top = image.height;
  let bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (intensity(image, y * image.width + x) <= INK_THRESHOLD) continue;
      columns[x] = true;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { columns, height: bottom < 0 ? 0 : bottom - top + 1 };
}

/**
 * The characters of a handwritten line, left to right: runs of ink columns split at empty
 * columns; a run much wider than the ink is tall (glyphs touching) is cut into equal cells.
 */
export function segmentCharacters(image: GrayImage): CharSpan[] {
  const { columns, height } = inkExtent(image);
  const runs: CharSpan[] = [];
  for (let x = 0; x < columns.length; x++) {
    if (!columns[x]) continue;
    const left = x;
    while (x < columns.length && columns[x]) x++;
    runs.push({ left, right: x });
  }
  return runs.flatMap((run) => {
    const width = run.right - run.left;
    if (width <= TOUCHING_WIDTH * height) return [run];
    const cells = Math.max(1, Math.round(width / (CELL_WIDTH * height)));
    return Array.from({ length: cells }, (_, i) => ({
      left: run.left + Math.round((i * width) / cells),
      right: run.left + Math.round(((i + 1) * width) / cells),
    }));
  });
}

/** Columns [left, right) of `image`, full height. */
function cropColumns(image: GrayImage, { left, right }: CharSpan): GrayImage {
  const width = right - left;
  const pixels = new Float32Array(width * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] = intensity(image, y * image.width + left + x);
    }
  }
  return { pixels, width, height: image.height };
}

/**
 * A handwritten line in the line models' format: each character prepared like the single
 * character pad (cropped, scaled into 20x20, centred by mass in 28x28, as EMNIST's glyphs),
 * placed left-aligned every 28 pixels of a 28x896 image; at most 32 characters are kept.
 * Returns the pixels in [0, 1] (ink 1) and the spans used, or null for an empty pad.
 */
export function preprocessLine(
  image: GrayImage,
): { pixels: Float32Array; spans: CharSpan[] } | null {
  const spans = segmentCharacters(image).slice(0, MAX_LINE_LENGTH);
  if (spans.length === 0) return null;
  const width = MODEL_SIDE * MAX_LINE_LENGTH;
  const pixels = new Float32Array(MODEL_SIDE * width);
  spans.forEach((span, i) => {
    const glyph = preprocessDrawing(cropColumns(image, span));
    if (!glyph) return;
    for (let y = 0; y < MODEL_SIDE; y++) {
      pixels.set(glyph.subarray(y * MODEL_SIDE, (y + 1) * MODEL_SIDE), y * width + i * MODEL_SIDE);
    }
  });
  return { pixels, spans };
}
