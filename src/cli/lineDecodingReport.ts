/** `--beam_width`: the test lines decoded greedily and by beam search, with their CER and WER. */
import type { Experiment } from '../engine/experiment';
import { decodeLines } from '../engine/metrics/lineDecoding';

const rate = (errors: number, total: number) => (total === 0 ? 0 : errors / total);

/** Decodes with the best checkpoint of a CTC run (runExperimentCommand refuses other losses). */
export async function lineDecodingReport(
  experiment: Experiment,
  best?: string,
): Promise<{ text: string; json: Record<string, number> }> {
  const { config } = experiment;
  const module = best ? await experiment.loadCheckpoint(best) : experiment.module;
  if (!module) throw new Error('--beam_width needs a trained model.');
  try {
    const data = experiment.dataModule;
    const options = {
      beamWidth: Number(config.beam_width),
      lmOrder: Number(config.lm_order),
      lmWeight: Number(config.lm_weight),
      lmBonus: Number(config.lm_bonus),
    };
    const { greedy, beam, lines, lmOrder } = await decodeLines(
      module,
      data,
      'test',
      { batchSize: config.batch_size, limitBatches: experiment.trainer.batchCount(data, 'test') },
      options,
    );
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const lm =
      lmOrder > 0
        ? ` with a ${lmOrder}-gram character model of the training lines (weight ${options.lmWeight}, bonus ${options.lmBonus})`
        : '';
    const json = {
      'test/beam_cer': rate(beam.edits, beam.chars),
      'test/beam_wer': rate(beam.wordEdits, beam.words),
    };
    const text = [
      `Decoding (test, ${lines} lines):`,
      `  greedy: CER ${pct(rate(greedy.edits, greedy.chars))}, WER ${pct(rate(greedy.wordEdits, greedy.words))}`,
      `  beam search, width ${options.beamWidth}${lm}: CER ${pct(json['test/beam_cer'])}, WER ${pct(json['test/beam_wer'])}`,
    ].join('\n');
    return { text, json };
  } finally {
    if (module !== experiment.module) module.dispose();
  }
}
