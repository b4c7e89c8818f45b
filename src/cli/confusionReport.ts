/** `--confusion`: the test split's most confused pairs and the look-alike-merged accuracy. */
import type { Experiment } from '../engine/experiment';
import { analyzeErrors, type ErrorAnalysis } from '../engine/metrics/errorAnalysis';

const SHOWN_PAIRS = 10;
/** A space is a class of line models; show it. */
const shown = (label: string) => (label === ' ' ? '␣' : label);

export function formatErrorAnalysis(analysis: ErrorAnalysis): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const { accuracy, examples, confusedPairs, lookAlikes } = analysis;
  const lines = [
    `Error analysis (${analysis.split}, ${examples} characters): accuracy ${pct(accuracy)}`,
    'Most confused (true -> predicted: count, share of the true class):',
    ...confusedPairs
      .slice(0, SHOWN_PAIRS)
      .map(
        (p) =>
          `  ${shown(p.trueLabel).padStart(3)} -> ${shown(p.predictedLabel).padEnd(3)} ${String(p.count).padStart(6)}  ${pct(p.rate)}`,
      ),
    `Accuracy with look-alikes merged (${lookAlikes.groups.map((g) => g.join('/')).join(', ')}): ` +
      pct(lookAlikes.mergedAccuracy),
  ];
  if (confusedPairs.length === 0) lines.splice(2, 0, '  (none)');
  return lines.join('\n');
}

/** Analyzes the best checkpoint (or the trained module) on the batches the test used. */
export async function confusionReport(experiment: Experiment, best?: string): Promise<string> {
  const module = best ? await experiment.loadCheckpoint(best) : experiment.module;
  if (!module) throw new Error('--confusion needs a trained model.');
  try {
    if (module.objective.name !== 'cross_entropy') {
      return 'Error analysis: skipped, a CTC model has no output aligned with each character (see test/cer).';
    }
    const data = experiment.dataModule;
    const analysis = await analyzeErrors(module, data, 'test', {
      batchSize: experiment.config.batch_size,
      limitBatches: experiment.trainer.batchCount(data, 'test'),
    });
    return formatErrorAnalysis(analysis);
  } finally {
    if (module !== experiment.module) module.dispose();
  }
}
