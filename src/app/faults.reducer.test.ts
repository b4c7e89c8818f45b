import { describe, expect, it } from 'vitest';
import { run, runStarted, trainer } from '../testing/studioActions';
import type { WorkerMessage } from '../workers/protocol';
import type { StudioAction } from './state';

const worker = (message: Exclude<WorkerMessage, { type: 'reply' }>): StudioAction => ({
  type: 'worker',
  message,
  at: 0,
});

const config = { model_class: 'CNN', max_epochs: '3' };
const start: StudioAction = { type: 'startRequested', config };
const started = runStarted({ hardware: { backend: 'wasm', description: 'wasm' }, maxEpochs: 3 });
const saved = (id: string, epoch: number) =>
  trainer({ type: 'checkpointSaved', id, epoch, step: 4 * (epoch + 1), metrics: {} });

describe('studio reducer under faults', () => {
  it('shows worker errors as alerts and ends the task they belonged to', () => {
    const s = run([
      worker({ type: 'progress', task: 'backend', message: 'Starting webgpu' }),
      worker({ type: 'error', task: 'backend', message: 'The WebGPU device was lost: reload.' }),
    ]);
    expect(s.messages).toEqual([
      { id: 0, kind: 'error', text: 'The WebGPU device was lost: reload.' },
    ]);
    expect(s.tasks).toEqual({});
  });

  it('clears the alerts of earlier failures when the next run starts, keeping notices', () => {
    const failed = run([
      { type: 'notice', kind: 'info', text: 'Imported EMNIST.' },
      start,
      started,
      trainer({ type: 'error', message: 'storage is full' }),
    ]);
    expect(failed.run.error).toBe('storage is full');
    expect(failed.messages.map((m) => m.kind)).toEqual(['info', 'error']);
    const next = run([start], failed);
    expect(next.messages).toEqual([{ id: 0, kind: 'info', text: 'Imported EMNIST.' }]);
    expect(next.run.error).toBeUndefined();
  });

  it('fails a running run when its worker crashes and keeps where to resume it', () => {
    const s = run([
      start,
      started,
      saved('CNN-MNIST-1/epoch=0000.ckpt', 0),
      saved('CNN-MNIST-1/epoch=0001.ckpt', 1),
      worker({ type: 'progress', task: 'loadData', message: 'Loading' }),
      worker({ type: 'crashed', reason: 'The training worker crashed: Error: boom' }),
    ]);
    expect(s.run.status).toBe('error');
    expect(s.run.error).toBe('The training worker crashed: Error: boom');
    expect(s.run.config).toEqual(config);
    expect(s.run.lastCheckpoint).toBe('CNN-MNIST-1/epoch=0001.ckpt');
    expect(s.tasks).toEqual({});
    expect(s.messages.at(-1)?.text).toBe(
      'The training worker crashed: Error: boom. Resume from the last checkpoint in Run to continue it.',
    );
  });

  it('a crash before any checkpoint offers no resume, and a crash between runs fails none', () => {
    const early = run([start, started, worker({ type: 'crashed', reason: 'Crashed' })]);
    expect(early.run.status).toBe('error');
    expect(early.run.lastCheckpoint).toBeUndefined();
    expect(early.messages.at(-1)?.text).toBe(
      'Crashed. Try again; reload the page if it happens again.',
    );
    const finished = run([
      start,
      started,
      trainer({ type: 'finished', reason: 'completed', epoch: 2, step: 12 }),
      worker({ type: 'crashed', reason: 'Crashed' }),
    ]);
    expect(finished.run.status).toBe('finished');
  });

  it('a resume starts from its checkpoint until the run saves a newer one', () => {
    const resumed = run([{ type: 'startRequested', config, resumeId: 'a/epoch=0000.ckpt' }]);
    expect(resumed.run.lastCheckpoint).toBe('a/epoch=0000.ckpt');
    const later = run([started, saved('a/epoch=0001.ckpt', 1)], resumed);
    expect(later.run.lastCheckpoint).toBe('a/epoch=0001.ckpt');
    const evicted = run([trainer({ type: 'checkpointRemoved', id: 'a/epoch=0001.ckpt' })], later);
    expect(evicted.run.lastCheckpoint).toBeUndefined();
  });
});
