import { describe, expect, it } from 'vitest';
import { lastJson, runExperimentCli } from '../testing/runCli';

interface ClassFigures {
  count: number;
  predicted: number;
  precision: number | null;
  recall: number | null;
}

describe('--confusion', () => {
  it('prints top-3 accuracy and the weakest classes, and --json carries them with per-class precision and recall', async () => {
    const run = await runExperimentCli([
      '--model_class=CNN',
      '--conv_dim=4',
      '--fc_dim=16',
      '--max_epochs=1',
      '--limit_train_batches=3',
      '--limit_val_batches=1',
      '--limit_test_batches=4',
      '--confusion',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Top-3 accuracy: \d+\.\d%/);
    expect(run.stdout).toMatch(
      /Lowest recall: \d \d+\.\d%, \d \d+\.\d%, \d \d+\.\d%; lowest precision: \d/,
    );
    const json = lastJson(run);
    const perClass = json['test/per_class'] as Record<string, ClassFigures>;
    expect(Object.keys(perClass)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const figures = Object.values(perClass);
    const examples = figures.reduce((sum, c) => sum + c.count, 0);
    expect(examples).toBe(4 * 128);
    expect(figures.reduce((sum, c) => sum + c.predicted, 0)).toBe(examples);
    // The analysis reads the test's own batches: its accuracy is test/acc.
    const correct = figures.reduce((sum, c) => sum + (c.recall ?? 0) * c.count, 0);
    expect(correct / examples).toBeCloseTo(json['test/acc'] as number, 6);
    // Precision is null only for a class never predicted; the others' correct counts agree.
    const predictedClasses = figures.filter((c) => c.predicted > 0);
    expect(predictedClasses.length).toBeGreaterThan(0);
    expect(figures.filter((c) => c.precision === null)).toEqual(
      figures.filter((c) => c.predicted === 0),
    );
    for (const c of predictedClasses) {
      expect((c.precision as number) * c.predicted).toBeCloseTo((c.recall ?? 0) * c.count, 6);
    }
    // Measured here after 3 steps: accuracy 0.156, top-3 0.344.
    expect(json['test/top3_acc'] as number).toBeGreaterThan((json['test/acc'] as number) + 0.05);
    expect(json['test/top3_acc'] as number).toBeLessThanOrEqual(1);
    // MNIST has no look-alike pairs: merging changes nothing.
    expect(json['test/lookalike_merged_acc']).toBeCloseTo(json['test/acc'] as number, 6);
  }, 300_000);
});
