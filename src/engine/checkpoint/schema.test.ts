import { describe, expect, it } from 'vitest';
import {
  editCheckpoint,
  joinCheckpoint,
  type RawHeader,
  splitCheckpoint,
} from '../../testing/rawCheckpoint';
import { type Checkpoint, CheckpointError, decodeCheckpoint, encodeCheckpoint } from './format';
import { MAX_HEADER_BYTES } from './schema';

function valid(): Checkpoint {
  return {
    meta: {
      runName: 'CNN-EMNIST-20261202T061500123-a1b2',
      createdAt: '2026-12-02T06:15:00.123Z',
      config: { model_class: 'CNN', lr: 0.001, one_cycle_max_lr: null, confusion: false },
      mapping: ['a', 'b'],
      epoch: 1,
      step: 40,
      metrics: { 'validation/loss': 0.5 },
      modelTopology: { class_name: 'Sequential', config: { layers: [] } },
      optimizerName: 'adam',
      callbacks: { ModelCheckpoint: { saved: [] } },
    },
    weights: [
      { name: 'w', shape: [2, 2], dtype: 'float32', data: Float32Array.of(1, 2, 3, 4) },
      { name: 'b', shape: [2], dtype: 'float32', data: Float32Array.of(5, 6) },
    ],
    optimizerWeights: [{ name: 'iter', shape: [], dtype: 'int32', data: Int32Array.of(40) }],
  };
}

/** decodeCheckpoint's CheckpointError for `valid()` with its header edited under a valid CRC. */
function refusal(edit: (header: RawHeader) => unknown): CheckpointError {
  const bytes = editCheckpoint(encodeCheckpoint(valid()), edit);
  try {
    decodeCheckpoint(bytes, 'hostile.ckpt');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('decodeCheckpoint accepted the edited header');
}

const prefix = 'hostile.ckpt is not a usable Inklab checkpoint: ';

describe('checkpoint header schema', () => {
  it('accepts what a save writes, with an optional history, and reads null metrics as NaN', () => {
    const checkpoint = valid();
    checkpoint.meta.metrics = { 'validation/loss': Number.NaN };
    checkpoint.meta.history = [{ epoch: 0, step: 20, metrics: { 'train/loss': Number.NaN } }];
    const { meta } = decodeCheckpoint(encodeCheckpoint(checkpoint));
    expect(meta.metrics['validation/loss']).toBeNaN();
    expect(meta.history?.[0]).toMatchObject({ epoch: 0, step: 20 });
    expect(meta.history?.[0].metrics['train/loss']).toBeNaN();
  });

  it.each<[string, (h: RawHeader) => unknown, string, string]>([
    [
      'a negative epoch',
      (h) => {
        h.meta.epoch = -5;
      },
      'meta.epoch',
      'meta.epoch must be an integer >= 0, got -5',
    ],
    [
      'a fractional step',
      (h) => {
        h.meta.step = 1.5;
      },
      'meta.step',
      'meta.step must be an integer >= 0, got 1.5',
    ],
    [
      'a run name that is a path',
      (h) => {
        h.meta.runName = '../../x';
      },
      'meta.runName',
      `meta.runName is not a run name: it must use letters, digits, '.', '_', '-' and '=' only, starting with a letter or digit, without '..', got "../../x"`,
    ],
    [
      'a createdAt that is a number',
      (h) => {
        h.meta.createdAt = 1_700_000_000;
      },
      'meta.createdAt',
      'meta.createdAt must be an ISO date such as 2026-01-01T00:00:00.000Z, got 1700000000',
    ],
    [
      'a metric that is text',
      (h) => {
        h.meta.metrics = { 'validation/loss': 'low' };
      },
      'meta.metrics["validation/loss"]',
      'meta.metrics["validation/loss"] must be a number or null, got "low"',
    ],
    [
      'no mapping',
      (h) => {
        delete h.meta.mapping;
      },
      'meta.mapping',
      'meta.mapping is missing',
    ],
    [
      'an empty class label',
      (h) => {
        h.meta.mapping = ['a', ''];
      },
      'meta.mapping[1]',
      'meta.mapping[1] must be text of 1 to 16 characters, got ""',
    ],
    [
      'an unknown optimizer',
      (h) => {
        h.meta.optimizerName = 'lbfgs';
      },
      'meta.optimizerName',
      'meta.optimizerName must be one of adam, adamw, sgd, rmsprop, got "lbfgs"',
    ],
    [
      'a config value that is an object',
      (h) => {
        h.meta.config = { lr: { value: 1 } };
      },
      'meta.config.lr',
      'meta.config.lr must be text, a number, true/false or null, got {"value":1}',
    ],
    [
      'a topology that is a list',
      (h) => {
        h.meta.modelTopology = [1, 2];
      },
      'meta.modelTopology',
      "meta.modelTopology must be an object (the model's layers), got [1,2]",
    ],
    [
      'a history entry with a negative step',
      (h) => {
        h.meta.history = [{ epoch: 0, step: -1, metrics: {} }];
      },
      'meta.history[0].step',
      'meta.history[0].step must be an integer >= 0, got -1',
    ],
    [
      'a field the format does not have',
      (h) => {
        h.meta.evil = true;
      },
      'meta.evil',
      'meta.evil is not a field header may have',
    ],
    ['a null header', () => null, 'header', 'header must be an object {formatVersion, meta,'],
    [
      'an unknown dtype',
      (h) => {
        h.weights[0].dtype = 'float64';
      },
      'weights[0].dtype',
      'weights[0].dtype must be float32 or int32, got "float64"',
    ],
    [
      'a misaligned offset',
      (h) => {
        h.weights[1].offset = 18;
      },
      'weights[1].offset',
      'weights[1].offset must be a multiple of 4 (arrays are 4-byte aligned), got 18',
    ],
    [
      'a shape that does not match the length',
      (h) => {
        h.weights[0].shape = [3, 2];
      },
      'weights[0]',
      'weights[0] must have a length equal to the product of its shape',
    ],
    [
      'overlapping arrays',
      (h) => {
        h.weights[1].offset = 8;
      },
      'weights[1]',
      'weights[1] (b) overlaps weights[0]',
    ],
    [
      'an array past the end of the file',
      (h) => {
        h.optimizerWeights[0].offset = 28;
      },
      'optimizerWeights[0]',
      'optimizerWeights[0] (iter) ends at byte 32, past the 28 bytes of arrays',
    ],
    [
      'a wrong blob size',
      (h) => {
        h.blobBytes = 4;
      },
      'blobBytes',
      'it holds 28 bytes of arrays, its header says 4',
    ],
  ])('refuses %s, naming the file and the field', (_, edit, field, message) => {
    const error = refusal(edit);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${prefix}${message}`);
  });

  it('bounds the header length before decoding it, and its nesting before walking it', () => {
    const bytes = encodeCheckpoint(valid());
    new DataView(bytes.buffer).setUint32(12, MAX_HEADER_BYTES + 4, true);
    expect(() => decodeCheckpoint(bytes, 'big.ckpt')).toThrow(
      `big.ckpt is not a usable Inklab checkpoint: its header length ${MAX_HEADER_BYTES + 4} is not a multiple of 4 up to ${MAX_HEADER_BYTES} bytes`,
    );
    const { header, blob } = splitCheckpoint(encodeCheckpoint(valid()));
    header.meta.callbacks = { x: 'DEEP' };
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deep = joinCheckpoint(JSON.stringify(header).replace('"DEEP"', nested), blob);
    expect(() => decodeCheckpoint(deep, 'deep.ckpt')).toThrow(
      'deep.ckpt is not a usable Inklab checkpoint: header nests deeper than 64 levels',
    );
  });

  it('refuses a header that is not UTF-8 JSON', () => {
    const bad = joinCheckpoint(
      Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d),
      new Uint8Array(0),
    );
    expect(() => decodeCheckpoint(bad, 'x.ckpt')).toThrow(
      'x.ckpt is not a usable Inklab checkpoint: its header is not valid JSON',
    );
  });
});
