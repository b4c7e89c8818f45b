import * as tf from '@tensorflow/tfjs';
import { LINE_TOKENS as TOKENS } from '../data/emnistMapping';
import { tallyCharacterErrors } from '../metrics/greedyDecode';
import { ctcLoss } from './ctcLoss';
import type { Objective } from './objective';

/**
 * CTC for line models with T time steps of class scores ([n, T, C]) against padded labels
 * ([n, L]). Reports the character and word error rates of greedy decoding (`cer`, `wer`) on
 * validation and test;
 * training steps skip it, since decoding needs the best path on the host.
 */
export const ctcObjective: Objective = {
  name: 'ctc',
  ratios: { cer: ['edits', 'chars'], wer: ['word_edits', 'words'] },

  loss(logits, labels) {
    if (logits.rank !== 3 || labels.rank !== 2) {
      throw new Error(
        `--loss ctc needs a model with [n, T, classes] outputs and line labels; got outputs ` +
          `[${logits.shape}] for labels [${labels.shape}]. Use --model_class LineCNN.`,
      );
    }
    return ctcLoss(logits as tf.Tensor3D, labels as tf.Tensor2D, TOKENS);
  },

  trainTallies: () => ({}),

  async evalTallies(logits, labels) {
    const bestPaths = tf.tidy(() => tf.cast(tf.argMax(logits, -1), 'int32'));
    const [paths, truth] = await Promise.all([bestPaths.data(), labels.data()]);
    bestPaths.dispose();
    const tally = tallyCharacterErrors(
      paths as Int32Array,
      truth as Int32Array,
      labels.shape[0],
      TOKENS,
    );
    return {
      edits: tf.scalar(tally.edits),
      chars: tf.scalar(tally.chars),
      word_edits: tf.scalar(tally.wordEdits),
      words: tf.scalar(tally.words),
    };
  },
};
