import type { Metrics } from '../events';
import { CheckpointError } from './checkpointError';
import { crc32 } from './crc32';
import { type ArraySpec, MAX_HEADER_BYTES, parseCheckpointHeader } from './schema';

export { CheckpointError } from './checkpointError';

export const CHECKPOINT_FORMAT_VERSION = 1;
const MAGIC = 'INKLABCK';
const PREFIX_BYTES = 8 + 4 + 4 + 4;

export interface NamedArray {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** One finished epoch of a run: its train metrics, and validation metrics when it validated. */
export interface HistoryEntry {
  epoch: number;
  step: number;
  metrics: Metrics;
}

/** Everything a checkpoint says about itself besides the raw arrays. */
export interface CheckpointMeta {
  runName: string;
  createdAt: string;
  /** The experiment config (CLI flag names), so a checkpoint can rebuild its run. */
  config: Record<string, unknown>;
  mapping: string[];
  /** Last completed epoch (0-based) and the global step after it. */
  epoch: number;
  step: number;
  metrics: Metrics;
  modelTopology: unknown;
  optimizerName: string;
  /** State of the trainer's callbacks (best checkpoints, early-stopping patience, ...). */
  callbacks: Record<string, unknown>;
  /** The run's finished epochs up to this one (absent in older checkpoints). */
  history?: HistoryEntry[];
}

export interface Checkpoint {
  meta: CheckpointMeta;
  weights: NamedArray[];
  optimizerWeights: NamedArray[];
}

interface Header {
  formatVersion: number;
  meta: CheckpointMeta;
  weights: ArraySpec[];
  optimizerWeights: ArraySpec[];
  blobBytes: number;
}

/**
 * One self-describing file: "INKLABCK", format version, header length and a CRC-32 of the rest
 * (all uint32 little-endian), then a JSON header and the arrays' bytes (4-byte aligned).
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  let offset = 0;
  const specs = (arrays: NamedArray[]) =>
    arrays.map(({ name, shape, dtype, data }) => {
      const spec = { name, shape, dtype, offset, length: data.length };
      offset += data.length * 4;
      return spec;
    });
  const weights = specs(checkpoint.weights);
  const optimizerWeights = specs(checkpoint.optimizerWeights);
  const header: Header = {
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    meta: checkpoint.meta,
    weights,
    optimizerWeights,
    blobBytes: offset,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(PREFIX_BYTES + headerBytes + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  out.set(json, PREFIX_BYTES);
  out.fill(0x20, PREFIX_BYTES + json.length, PREFIX_BYTES + headerBytes);
  const blobStart = PREFIX_BYTES + headerBytes;
  for (const [i, array] of [...checkpoint.weights, ...checkpoint.optimizerWeights].entries()) {
    const spec = i < weights.length ? weights[i] : optimizerWeights[i - weights.length];
    out.set(
      new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength),
      blobStart + spec.offset,
    );
  }
  const view = new DataView(out.buffer);
  view.setUint32(8, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes, true);
  view.setUint32(16, crc32(out, PREFIX_BYTES), true);
  return out;
}

/**
 * Parses and verifies a checkpoint; any damage is a CheckpointError saying what and where.
 * Sizes are checked before anything is decoded or allocated, the header against the schema
 * (./schema.ts) before any array is read.
 */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const fail = (what: string, field?: string): never => {
    throw new CheckpointError(
      `${source} is not a usable Inklab checkpoint: ${what}. Choose a file saved by Inklab (.ckpt).`,
      field,
    );
  };
  if (bytes.length < PREFIX_BYTES) fail(`it is only ${bytes.length} bytes long`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) fail(`it starts with ${JSON.stringify(magic)} instead of "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    fail(
      `format version ${version} is not supported (this Inklab reads version ${CHECKPOINT_FORMAT_VERSION})`,
    );
  }
  const headerBytes = view.getUint32(12, true);
  if (headerBytes > MAX_HEADER_BYTES || headerBytes % 4 !== 0) {
    fail(
      `its header length ${headerBytes} is not a multiple of 4 up to ${MAX_HEADER_BYTES} bytes`,
      'headerBytes',
    );
  }
  if (PREFIX_BYTES + headerBytes > bytes.length) fail('the file is truncated inside its header');
  if (crc32(bytes, PREFIX_BYTES) !== view.getUint32(16, true)) {
    fail('its checksum does not match, so the file is damaged or truncated');
  }
  let json: unknown;
  try {
    json = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes),
      ),
    );
  } catch {
    return fail('its header is not valid JSON');
  }
  const blobStart = PREFIX_BYTES + headerBytes;
  const header = parseCheckpointHeader(json, bytes.length - blobStart, ({ field, text }) =>
    fail(text, field),
  );
  if (header.formatVersion !== version) {
    fail(`its header says format version ${header.formatVersion}, its prefix ${version}`);
  }
  // Copy so the arrays are aligned and independent of the file buffer.
  const blob = bytes.slice(blobStart);
  const read = (spec: ArraySpec): NamedArray => ({
    name: spec.name,
    shape: spec.shape,
    dtype: spec.dtype,
    data:
      spec.dtype === 'int32'
        ? new Int32Array(blob.buffer, spec.offset, spec.length)
        : new Float32Array(blob.buffer, spec.offset, spec.length),
  });
  return {
    meta: header.meta,
    weights: header.weights.map(read),
    optimizerWeights: header.optimizerWeights.map(read),
  };
}
