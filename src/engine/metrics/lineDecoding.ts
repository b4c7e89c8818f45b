import * as tf from '@tensorflow/tfjs';
import { LINE_TOKENS } from '../data/emnistMapping';
import type { DataModule, Split } from '../data/types';
import type { LitModel } from '../lit/litModel';
import { type BeamSearchOptions, ctcBeamSearch } from './beamSearch';
import { CharNgram } from './charNgram';
import { addLineErrors, type ErrorTally, tallyCharacterErrors, unpad } from './greedyDecode';

export interface LineDecoderOptions {
  beamWidth: number;
  /** A character n-gram model of this order from the data module's text; 0: none. */
  lmOrder: number;
  lmWeight: number;
  lmBonus: number;
}

export interface LineDecodingResult {
  greedy: ErrorTally;
  beam: ErrorTally;
  lines: number;
  /** The order of the language model the beam search used; 0: none. */
  lmOrder: number;
}

/**
 * A character n-gram model of a line module's training lines. (The lines of every split are cut
 * from one running text, as in the lab, so test lines may repeat training text.)
 */
export function trainingLanguageModel(
  dataModule: DataModule,
  order: number,
): CharNgram | undefined {
  const lines = dataModule.trainingLines?.();
  return lines && new CharNgram(order, dataModule.config().mapping.length, lines);
}

/**
 * Decodes a CTC line model's output on `split` greedily and by beam search (with the language
 * model when asked), and tallies both against the labels: CER and WER of each decoder.
 */
export async function decodeLines(
  module: LitModel,
  dataModule: DataModule,
  split: Split,
  batches: { batchSize: number; limitBatches?: number },
  options: LineDecoderOptions,
): Promise<LineDecodingResult> {
  const classes = dataModule.config().mapping.length;
  const model =
    options.lmOrder > 0 ? trainingLanguageModel(dataModule, options.lmOrder) : undefined;
  const beamOptions: BeamSearchOptions = {
    blank: LINE_TOKENS.blank,
    width: options.beamWidth,
    ...(model ? { lm: { model, weight: options.lmWeight, insertionBonus: options.lmBonus } } : {}),
  };
  const empty = (): ErrorTally => ({ edits: 0, chars: 0, wordEdits: 0, words: 0 });
  const result: LineDecodingResult = {
    greedy: empty(),
    beam: empty(),
    lines: 0,
    lmOrder: model?.order ?? 0,
  };
  for (const batch of dataModule.batches(split, batches)) {
    const logProbs = tf.tidy(() =>
      tf.logSoftmax(module.model.apply(batch.x, { training: false }) as tf.Tensor),
    );
    const bestPaths = tf.tidy(() => tf.cast(tf.argMax(logProbs, -1), 'int32'));
    const [values, paths, labels] = await Promise.all([
      logProbs.data(),
      bestPaths.data(),
      batch.y.data(),
    ]);
    const [rows, steps] = logProbs.shape;
    const labelLength = batch.y.shape[1] as number;
    tf.dispose([logProbs, bestPaths, batch.x, batch.y]);
    // Greedy decoding exactly as the CTC objective's test tallies it.
    const greedy = tallyCharacterErrors(
      paths as Int32Array,
      labels as Int32Array,
      rows,
      LINE_TOKENS,
    );
    for (const key of Object.keys(greedy) as (keyof ErrorTally)[])
      result.greedy[key] += greedy[key];
    for (let r = 0; r < rows; r++) {
      const row = (values as Float32Array).subarray(r * steps * classes, (r + 1) * steps * classes);
      const reference = unpad(
        (labels as Int32Array).subarray(r * labelLength, (r + 1) * labelLength),
        LINE_TOKENS.padding,
      );
      const decoded = ctcBeamSearch(row, classes, beamOptions);
      addLineErrors(result.beam, decoded, reference, LINE_TOKENS.space);
      result.lines++;
    }
  }
  return result;
}
