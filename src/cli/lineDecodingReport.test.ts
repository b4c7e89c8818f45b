import { describe, expect, it } from 'vitest';
import { lastJson, runExperimentCli } from '../testing/runCli';

// Lines of MNIST digits, from the embedded data. Two steps leave a nearly random model whose
// best paths are far from blank, and whose output bias no longer ties the blank with every
// class where a window sees no ink (paths of exactly equal probability may decode either way).
const untrainedLineCnn = [
  '--data_class=EMNISTLines',
  '--glyph_source=MNIST',
  '--num_train=16',
  '--num_val=16',
  '--num_test=64',
  '--model_class=LineCNN',
  '--loss=ctc',
  '--conv_dim=4',
  '--fc_dim=16',
  '--max_epochs=1',
  '--limit_train_batches=2',
  '--batch_size=16',
  '--json',
];

describe('--beam_width', () => {
  it('at width 1 reads the test lines as greedy decoding does: the same CER and WER as the test', async () => {
    const run = await runExperimentCli([...untrainedLineCnn, '--beam_width=1'], 300_000);
    expect(run.code, run.stderr).toBe(0);
    const json = lastJson(run);
    // Not a blank-only model, whose CER would be 1 whatever the decoder.
    expect(json['test/cer'] as number).toBeGreaterThan(1);
    expect(json['test/beam_cer']).toBe(json['test/cer']);
    expect(json['test/beam_wer']).toBe(json['test/wer']);
    expect(run.stdout).toContain('Decoding (test, 64 lines):');
    expect(run.stdout).toMatch(/ {2}beam search, width 1: CER \d+\.\d%, WER \d+\.\d%/);
  }, 300_000);

  it('with a language model names it, and refuses a model that is not CTC', async () => {
    const run = await runExperimentCli(
      [...untrainedLineCnn, '--beam_width=4', '--lm_order=3', '--lm_weight=0.8'],
      300_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /beam search, width 4 with a 3-gram character model of the training lines \(weight 0\.8, bonus 0\): CER \d+\.\d%/,
    );
    const refused = await runExperimentCli(
      [
        '--model_class=CNN',
        '--conv_dim=4',
        '--fc_dim=8',
        '--limit_train_batches=1',
        '--max_epochs=1',
        '--beam_width=2',
      ],
      300_000,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'error: --beam_width decodes CTC line models: use it with --model_class LineCNN --loss ctc.',
    );
  }, 300_000);
});
