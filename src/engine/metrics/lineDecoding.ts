import * as tf from '@tensorflow/tfjs';
import { BLANK, PADDING } from '../data/emnistMapping';
import type { DataModule, Split } from '../data/types';
import type { LitModel } from '../lit/litModel';
import { type BeamSearchOptions, ctcBeamSearch } from './beamSearch';
import { CharNgram } from './charNgram';
import { addLineErrors, type ErrorTally, greedyDecode, unpad } from './greedyDecode';

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
  const { mapping } = dataModule.config();
  const classes = mapping.length;
  const space = mapping.indexOf(' ');
  const model =
    options.lmOrder > 0 ? trainingLanguageModel(dataModule, options.lmOrder) : undefined;
  const beamOptions: BeamSearchOptions = {
    blank: BLANK,
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
    const [values, labels] = await Promise.all([logProbs.data(), batch.y.data()]);
    const [rows, steps] = logProbs.shape;
    const labelLength = batch.y.shape[1] as number;
    tf.dispose([logProbs, batch.x, batch.y]);
    for (let r = 0; r < rows; r++) {
      const row = (values as Float32Array).subarray(r * steps * classes, (r + 1) * steps * classes);
      const reference = unpad(
        (labels as Int32Array).subarray(r * labelLength, (r + 1) * labelLength),
        PADDING,
      );
      const bestPath: number[] = [];
      for (let t = 0; t < steps; t++) {
        let best = 0;
        for (let c = 1; c < classes; c++) {
          if (row[t * classes + c] > row[t * classes + best]) best = c;
        }
        bestPath.push(best);
      }
      addLineErrors(result.greedy, greedyDecode(bestPath, BLANK), reference, space);
      addLineErrors(result.beam, ctcBeamSearch(row, classes, beamOptions), reference, space);
      result.lines++;
    }
  }
  return result;
}
