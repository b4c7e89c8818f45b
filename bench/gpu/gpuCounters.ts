/** What a training step asks of the GPU: calls counted through WebGPU's classes, kernel times. */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../src/engine/data/types';
import type { LitModel } from '../../src/engine/lit/litModel';

export interface GpuCalls {
  dispatches: number;
  submits: number;
  /** Buffers mapped for reading: every read of a result back to the host. */
  readbacks: number;
}

type Method = (...args: unknown[]) => unknown;

/**
 * Counts compute dispatches, queue submits and buffer maps between start() and stop(), by
 * wrapping the methods on WebGPU's global classes (those Dawn installed for tfjs); dispose()
 * puts the methods back.
 */
export class GpuCallCounter {
  readonly calls: GpuCalls = { dispatches: 0, submits: 0, readbacks: 0 };
  private counting = false;
  private readonly restores: (() => void)[] = [];

  constructor() {
    const classes = globalThis as unknown as Record<string, { prototype: Record<string, Method> }>;
    const wrap = (className: string, method: string, counter: keyof GpuCalls) => {
      const prototype = classes[className]?.prototype;
      if (!prototype?.[method]) throw new Error(`WebGPU's ${className}.${method} is missing.`);
      const original = prototype[method];
      const calls = this.calls;
      const self = this;
      prototype[method] = function (this: unknown, ...args: unknown[]) {
        if (self.counting) calls[counter]++;
        return original.apply(this, args);
      };
      this.restores.push(() => {
        prototype[method] = original;
      });
    };
    wrap('GPUComputePassEncoder', 'dispatchWorkgroups', 'dispatches');
    wrap('GPUQueue', 'submit', 'submits');
    wrap('GPUBuffer', 'mapAsync', 'readbacks');
  }

  start(): void {
    this.counting = true;
  }

  stop(): void {
    this.counting = false;
  }

  dispose(): void {
    for (const restore of this.restores) restore();
  }
}

/**
 * GPU milliseconds per tfjs program for one training step, from timestamp queries (tfjs then
 * ends a compute pass per program, so this runs apart from the timed steps), largest first.
 */
export async function kernelTimes(module: LitModel, batch: Batch): Promise<Record<string, number>> {
  let kept: tf.Tensor[] = [];
  const timing = await tf.time(() => {
    const step = module.trainingStep(batch, 0, 0);
    kept = [step.loss, ...Object.values(step.tallies)];
  });
  tf.dispose(kept);
  const info = (timing as { getExtraProfileInfo?: () => string }).getExtraProfileInfo?.() ?? '';
  const totals = new Map<string, number>();
  for (const part of info.split(', ').filter((p) => p !== '')) {
    const at = part.lastIndexOf(': ');
    const name = part.slice(0, at);
    totals.set(name, (totals.get(name) ?? 0) + Number(part.slice(at + 2)));
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}
