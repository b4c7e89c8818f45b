/** Messages between the bench page and its bare worker (bench only, never in the product). */
import type { BackendName } from '../../src/engine/backends/initBackend';

export interface BareRequest {
  type: 'bare';
  backend: BackendName;
  batchSize: number;
  warmupBatches: number;
  batches: number;
}

export interface CheckpointRequest {
  type: 'checkpoint';
  backend: BackendName;
  repeats: number;
}

export type BenchRequest = BareRequest | CheckpointRequest;

export interface BareResult {
  backend: string;
  description: string;
  samples: number;
  seconds: number;
  samplesPerSec: number;
  batchSeconds: number[];
}

export interface CheckpointResult {
  backend: string;
  saveSeconds: number[];
  loadSeconds: number[];
  bytes: number;
}

export type BenchReply =
  | { ok: true; result: BareResult | CheckpointResult }
  | { ok: false; error: string };
