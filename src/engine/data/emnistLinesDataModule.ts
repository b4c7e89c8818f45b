/**
 * The lab's EMNISTLines: synthetic handwritten lines for sequence models, drawn from Brown-corpus
 * text and EMNIST glyphs (or digit groups and MNIST digits, so a fresh install can try lines).
 */
import * as tf from '@tensorflow/tfjs';
import { unpad } from '../metrics/greedyDecode';
import { EMNIST_LINES_DEFAULTS, type GlyphSource } from './dataFlags';
import { EMNISTDataModule } from './emnistDataModule';
import { EMNIST_MAPPING, PADDING } from './emnistMapping';
import { GlyphPool } from './glyphPool';
import { DEFAULT_BATCH_SIZE, type ImageDataModule } from './imageDataModule';
import {
  drawGlyphOffsets,
  LINE_HEIGHT,
  LINE_WIDTH,
  type LineSet,
  lineText,
  MAX_LINE_LENGTH,
  renderLine,
  synthesizeLines,
} from './lineSynthesis';
import { digitCorpus, type LineCorpus, textCorpus } from './lineText';
import type { CorpusEntry, Manifest } from './manifest';
import { loadManifest, readVerified } from './manifestSource';
import { MNISTDataModule } from './mnistDataModule';
import { createRng, hashSeed, permutation } from './rng';
import type { Batch, BatchOptions, DataConfig, DataModule, DatasetSource, Split } from './types';

export interface EMNISTLinesOptions {
  batchSize?: number;
  glyphSource?: GlyphSource;
  numTrain?: number;
  numVal?: number;
  numTest?: number;
  minOverlap?: number;
  maxOverlap?: number;
  /** Seed of the text, overlaps and glyphs of every line. */
  seed?: number;
  /** Jitters the glyphs of the batches asked for with an augmentSeed (training batches). */
  augment?: LineAugmentOptions;
}

export interface LineAugmentOptions {
  /** Most pixels a glyph moves along the line, either way. */
  spacing: number;
  /** Most pixels a glyph moves up or down. */
  baseline: number;
}

/** Digit groups in the MNIST text: enough that lines rarely repeat. */
const DIGIT_CORPUS_WORDS = 100_000;

/** One line as the studio previews it: pixels, padded tokens and text. */
export interface LineExample {
  image: Uint8Array;
  /** The first token; the whole line is in `tokens`. */
  label: number;
  tokens: number[];
  text: string;
}

function brownEntry(manifest: Manifest): CorpusEntry {
  const brown = manifest.corpora.find((c) => c.name === 'Brown');
  if (!brown) {
    throw new Error(
      'EMNISTLines needs the Brown sentences, which the dataset manifest does not list. ' +
        'Build them with `npm run datasets`, or use --glyph_source MNIST.',
    );
  }
  return brown;
}

export class EMNISTLinesDataModule implements DataModule {
  readonly name = 'EMNISTLines';
  readonly batchSize: number;
  private readonly glyphSource: GlyphSource;
  private readonly glyphs: ImageDataModule;
  private readonly counts: Record<Split, number>;
  private lines: Record<Split, LineSet> | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly source: DatasetSource,
    private readonly options: EMNISTLinesOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const d = EMNIST_LINES_DEFAULTS;
    this.counts = {
      train: options.numTrain ?? d.num_train,
      val: options.numVal ?? d.num_val,
      test: options.numTest ?? d.num_test,
    };
    this.glyphSource = options.glyphSource ?? d.glyph_source;
    this.glyphs =
      this.glyphSource === 'MNIST' ? new MNISTDataModule(source) : new EMNISTDataModule(source);
  }

  async prepareData(): Promise<void> {
    await this.glyphs.prepareData();
    if (this.glyphSource === 'EMNIST') brownEntry(await loadManifest(this.source));
  }

  async setup(): Promise<void> {
    this.loading ??= this.synthesize().then(
      (lines) => {
        this.lines = lines;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    await this.loading;
  }

  private async brownSentences(): Promise<string[]> {
    const manifest = await loadManifest(this.source);
    const bytes = await readVerified(this.source, manifest, brownEntry(manifest).file);
    return new TextDecoder()
      .decode(bytes)
      .split('\n')
      .filter((s) => s !== '');
  }

  private async synthesize(): Promise<Record<Split, LineSet>> {
    await this.glyphs.setup();
    const g = this.glyphs;
    const trainPool = new GlyphPool([g.imageSet('train'), g.imageSet('val')], g.config().mapping);
    const testPool = new GlyphPool([g.imageSet('test')], g.config().mapping);
    const seed = this.options.seed ?? EMNIST_LINES_DEFAULTS.lines_seed;
    // Only characters both pools can draw, so every split shares one alphabet.
    const testChars = testPool.chars();
    const drawable = new Set([...trainPool.chars()].filter((c) => testChars.has(c)));
    const corpus: LineCorpus =
      this.glyphSource === 'MNIST'
        ? // A stream apart from the three splits' (0, 1, 2).
          digitCorpus(createRng(hashSeed(seed, 3)), DIGIT_CORPUS_WORDS)
        : textCorpus(await this.brownSentences(), drawable);
    const d = EMNIST_LINES_DEFAULTS;
    const lines = (split: Split, i: number) =>
      synthesizeLines(corpus, split === 'test' ? testPool : trainPool, {
        count: this.counts[split],
        minOverlap: this.options.minOverlap ?? d.min_overlap,
        maxOverlap: this.options.maxOverlap ?? d.max_overlap,
        seed: hashSeed(seed, i),
      });
    return { train: lines('train', 0), val: lines('val', 1), test: lines('test', 2) };
  }

  trainingLines(): number[][] {
    const set = this.set('train');
    return Array.from({ length: set.count }, (_, line) =>
      unpad(set.labels.subarray(line * MAX_LINE_LENGTH, (line + 1) * MAX_LINE_LENGTH), PADDING),
    );
  }

  config(): DataConfig {
    return {
      inputDims: [LINE_HEIGHT, LINE_WIDTH, 1],
      outputDims: [MAX_LINE_LENGTH, EMNIST_MAPPING.length],
      mapping: [...EMNIST_MAPPING],
    };
  }

  size(split: Split): number {
    return this.set(split).count;
  }

  /**
   * Batches rendered from the recipes: x [n, 28, 896, 1] in [0, 1], y [n, 32] int32. Lines are
   * rendered on the host for every batch, so `onDevice` does not apply (a device copy of 10,000
   * float32 lines would take 1 GB); with augment and an augmentSeed, each glyph is jittered.
   */
  *batches(split: Split, options: BatchOptions): Generator<Batch> {
    const set = this.set(split);
    const order =
      options.shuffleSeed === undefined ? null : permutation(set.count, options.shuffleSeed);
    const numBatches = Math.ceil(set.count / options.batchSize);
    const limit = Math.min(options.limitBatches ?? numBatches, numBatches);
    const pixels = LINE_HEIGHT * LINE_WIDTH;
    const image = new Uint8Array(pixels);
    const augment = options.augmentSeed === undefined ? undefined : this.options.augment;
    for (let b = 0; b < limit; b++) {
      const start = b * options.batchSize;
      const n = Math.min(options.batchSize, set.count - start);
      const x = new Float32Array(n * pixels);
      const y = new Int32Array(n * MAX_LINE_LENGTH);
      const rng = augment && createRng(hashSeed(options.augmentSeed as number, b));
      for (let i = 0; i < n; i++) {
        const line = order ? order[start + i] : start + i;
        const offsets = rng && drawGlyphOffsets(rng, augment.spacing, augment.baseline);
        renderLine(set, line, image, offsets);
        for (let p = 0; p < pixels; p++) x[i * pixels + p] = image[p] / 255;
        y.set(
          set.labels.subarray(line * MAX_LINE_LENGTH, (line + 1) * MAX_LINE_LENGTH),
          i * MAX_LINE_LENGTH,
        );
      }
      yield {
        x: tf.tensor4d(x, [n, LINE_HEIGHT, LINE_WIDTH, 1]),
        y: tf.tensor2d(y, [n, MAX_LINE_LENGTH], 'int32'),
        size: n,
      };
    }
  }

  example(split: Split, index: number): LineExample {
    const set = this.set(split);
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new Error(
        `${this.name} ${split} has ${set.count} lines; index ${index} is out of range.`,
      );
    }
    const tokens = Array.from(
      set.labels.subarray(index * MAX_LINE_LENGTH, (index + 1) * MAX_LINE_LENGTH),
    );
    return { image: renderLine(set, index), label: tokens[0], tokens, text: lineText(set, index) };
  }

  dispose(): void {
    this.glyphs.dispose();
  }

  private set(split: Split): LineSet {
    if (!this.lines) throw new Error(`${this.name}: call and await setup() before using the data.`);
    return this.lines[split];
  }
}
