/** `--confusion`: the test split's most confused pairs and the look-alike-merged accuracy. */
import type { Experiment } from '../engine/experiment';
import { analyzeErrors, type ErrorAnalysis } from '../engine/metrics/errorAnalysis';

const SHOWN_PAIRS = 10;
/** A space is a class of line models; show it. */
const shown = (label: string) => (label === ' ' ? '␣' : label);

/** The classes with the lowest recall or precision, as "o 41.0%, O 52.3%, ...". */
function lowest(analysis: ErrorAnalysis, metric: 'recall' | 'precision'): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return analysis.perClass
    .filter((c) => c[metric] !== null)
    .sort((a, b) => (a[metric] as number) - (b[metric] as number) || a.index - b.index)
    .slice(0, 3)
    .map((c) => `${shown(c.label)} ${pct(c[metric] as number)}`)
    .join(', ');
}

/** What --json adds with --confusion: the test split's top-3, merged and per-class figures. */
export function errorAnalysisJson(analysis: ErrorAnalysis): Record<string, unknown> {
  return {
    'test/top3_acc': analysis.top3Accuracy,
    'test/lookalike_merged_acc': analysis.lookAlikes.mergedAccuracy,
    'test/per_class': Object.fromEntries(
      analysis.perClass.map((c) => [
        c.label,
        { count: c.count, predicted: c.predicted, precision: c.precision, recall: c.recall },
      ]),
    ),
  };
}

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
    `Top-3 accuracy: ${pct(analysis.top3Accuracy)}`,
    `Lowest recall: ${lowest(analysis, 'recall')}; lowest precision: ${lowest(analysis, 'precision')}`,
  ];
  if (confusedPairs.length === 0) lines.splice(2, 0, '  (none)');
  return lines.join('\n');
}

/**
 * Analyzes the best checkpoint (or the trained module) on the batches the test used: the text
 * to print, and the analysis (none for a CTC model).
 */
export async function confusionReport(
  experiment: Experiment,
  best?: string,
): Promise<{ text: string; analysis?: ErrorAnalysis }> {
  const module = best ? await experiment.loadCheckpoint(best) : experiment.module;
  if (!module) throw new Error('--confusion needs a trained model.');
  try {
    if (module.objective.name !== 'cross_entropy') {
      return {
        text: 'Error analysis: skipped, a CTC model has no output aligned with each character (see test/cer).',
      };
    }
    const data = experiment.dataModule;
    const analysis = await analyzeErrors(module, data, 'test', {
      batchSize: experiment.config.batch_size,
      limitBatches: experiment.trainer.batchCount(data, 'test'),
    });
    return { text: formatErrorAnalysis(analysis), analysis };
  } finally {
    if (module !== experiment.module) module.dispose();
  }
}
