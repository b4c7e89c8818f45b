import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../engine/events';
import { ProgressBar } from './progressBar';

/** A pipe, not a terminal: the bar prints whole lines. */
function pipe(): { out: NodeJS.WriteStream; lines: () => string[] } {
  let written = '';
  const out = {
    isTTY: false,
    write: (text: string) => {
      written += text;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { out, lines: () => written.split('\n').filter(Boolean) };
}

const evalAt = (phase: 'validate' | 'test', batch: number): TrainerEvent => ({
  type: 'evalProgress',
  phase,
  epoch: 0,
  batch,
  batches: 10,
});

describe('the CLI progress bar', () => {
  it('draws the validation and test loops as Lightning does, epochs from 0', () => {
    const { out, lines } = pipe();
    const bar = new ProgressBar(out, 10);
    bar.handle({
      type: 'step',
      epoch: 0,
      step: 1,
      batch: 0,
      batchesInEpoch: 1,
      loss: 2.5,
      lr: 0.001,
      samplesPerSec: 100,
    });
    for (const batch of [0, 5, 10]) bar.handle(evalAt('validate', batch));
    for (const batch of [0, 10]) bar.handle(evalAt('test', batch));
    expect(lines().map((line) => line.replace(/ \[.*$/, ''))).toEqual([
      'Epoch 0: 100%|██████████| 1/1',
      'Validation:  50%|█████     | 5/10',
      'Validation: 100%|██████████| 10/10',
      'Testing: 100%|██████████| 10/10',
    ]);
  });
});
