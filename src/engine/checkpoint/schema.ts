/**
 * The one schema of a checkpoint's JSON header (shared by the CLI, the worker and resume): types,
 * ranges and lengths, checked before any array is read or any model is built.
 */
import * as v from 'valibot';
import { optimizerNames } from '../lit/optimizerNames';
import { parseWith, type SchemaProblem } from '../schemaIssue';
import { checkpointIdProblem, runNameProblem } from './checkpointId';
import { MAX_PARAMETERS } from './topologyBounds';

/** Room for the longest history (below) beside the topology, far above what a run writes. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** Weights and up to two optimizer slots (Adam's moments) per parameter, plus scalars. */
export const MAX_BLOB_BYTES = 4 * 3 * MAX_PARAMETERS + 1024 * 1024;
/** Deeper JSON would overflow the stack of whatever walks it later (tfjs, structured clone). */
export const MAX_JSON_DEPTH = 64;
const MAX_ARRAYS = 10_000;
const MAX_ARRAY_NAME = 256;
const MAX_RANK = 8;
const MAX_KEY = 128;
const MAX_CONFIG_ENTRIES = 200;
const MAX_CONFIG_TEXT = 1024;
const MAX_METRICS = 256;
const MAX_LABELS = 1000;
const MAX_LABEL = 16;
const MAX_CALLBACKS = 32;
const MAX_HISTORY = 100_000;

/** A safe integer from 0 to `max`. */
export const integer = (max = Number.MAX_SAFE_INTEGER) => {
  const what =
    max === Number.MAX_SAFE_INTEGER ? 'must be an integer >= 0' : `must be an integer 0 to ${max}`;
  return v.pipe(v.number(what), v.safeInteger(what), v.minValue(0, what), v.maxValue(max, what));
};

/** A string of `min` to `max` characters. */
export const text = (min: number, max: number) => {
  const what =
    min > 0 ? `must be text of ${min} to ${max} characters` : `must be text up to ${max}`;
  return v.pipe(v.string(what), v.minLength(min, what), v.maxLength(max, what));
};

/** Records are plain objects (valibot's record also takes arrays) of at most `max` entries. */
const boundedRecord = <V extends v.GenericSchema>(value: V, max: number, what: string) =>
  v.pipe(
    v.custom<object>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      `must be ${what}`,
    ),
    v.check((record) => Object.keys(record).length <= max, `must have at most ${max} entries`),
    v.record(text(1, MAX_KEY), value, `must be ${what}`),
  );

/** JSON has no NaN: a NaN metric is written as null and reads back as NaN. */
const metricValue = v.pipe(
  // NaN itself arrives from records read back from IndexedDB, which keeps it.
  v.union([v.number(), v.nan(), v.null()], 'must be a number or null'),
  v.transform((value) => value ?? Number.NaN),
);
/** Metric values by name (also the stored records' metrics, read back from IndexedDB). */
export const metricsSchema = boundedRecord(metricValue, MAX_METRICS, 'an object of metric values');

/** Run names become folder names and ids: checkpointId.ts says which are run names. */
export const runNameSchema = v.pipe(
  v.string('must be a run name'),
  v.check(
    (name) => runNameProblem(name) === undefined,
    (issue) => `is not a run name: ${runNameProblem(issue.input)}`,
  ),
);

/** Checkpoint ids name stored records and files: checkpointId.ts says which are ids. */
export const checkpointIdSchema = v.pipe(
  v.string('must be a checkpoint id'),
  v.check(
    (id) => checkpointIdProblem(id) === undefined,
    (issue) => `is not a checkpoint id: ${checkpointIdProblem(issue.input)}`,
  ),
);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const isoDateSchema = v.pipe(
  v.string('must be an ISO date such as 2026-01-01T00:00:00.000Z'),
  v.regex(ISO_DATE, 'must be an ISO date such as 2026-01-01T00:00:00.000Z'),
  v.check((date) => Number.isFinite(Date.parse(date)), 'must be a date that exists'),
);

const configValue = v.union(
  // JSON.parse reads 1e400 as Infinity.
  [text(0, MAX_CONFIG_TEXT), v.pipe(v.number(), v.finite()), v.boolean(), v.null()],
  'must be text, a number, true/false or null',
);

/** An experiment's flag values, as checkpoints and run records keep them. */
export const configSchema = boundedRecord(
  configValue,
  MAX_CONFIG_ENTRIES,
  'an object of flag values',
);

const DTYPES = ['float32', 'int32'] as const;

const arraySpec = v.pipe(
  v.strictObject(
    {
      name: text(1, MAX_ARRAY_NAME),
      shape: v.pipe(
        v.array(integer(), 'must be a list of sizes'),
        v.maxLength(MAX_RANK, `must have at most ${MAX_RANK} sizes`),
      ),
      dtype: v.picklist(DTYPES, `must be ${DTYPES.join(' or ')}`),
      offset: v.pipe(
        integer(MAX_BLOB_BYTES),
        v.multipleOf(4, 'must be a multiple of 4 (arrays are 4-byte aligned)'),
      ),
      length: integer(MAX_BLOB_BYTES / 4),
    },
    'must be an array description {name, shape, dtype, offset, length}',
  ),
  v.check(
    (spec) => spec.shape.reduce((a, b) => a * b, 1) === spec.length,
    'must have a length equal to the product of its shape',
  ),
);

const arraySpecs = v.pipe(
  v.array(arraySpec, 'must be a list of array descriptions'),
  v.maxLength(MAX_ARRAYS, `must have at most ${MAX_ARRAYS} arrays`),
);

const historyEntry = v.strictObject(
  { epoch: integer(), step: integer(), metrics: metricsSchema },
  'must be {epoch, step, metrics}',
);

export const checkpointMetaSchema = v.strictObject(
  {
    runName: runNameSchema,
    createdAt: isoDateSchema,
    config: configSchema,
    mapping: v.pipe(
      v.array(text(1, MAX_LABEL), 'must be a list of class labels'),
      v.minLength(1, `must have 1 to ${MAX_LABELS} class labels`),
      v.maxLength(MAX_LABELS, `must have 1 to ${MAX_LABELS} class labels`),
    ),
    epoch: integer(),
    step: integer(),
    metrics: metricsSchema,
    modelTopology: boundedRecord(v.unknown(), MAX_KEY, "an object (the model's layers)"),
    optimizerName: v.picklist(optimizerNames, `must be one of ${optimizerNames.join(', ')}`),
    callbacks: boundedRecord(v.unknown(), MAX_CALLBACKS, "an object of the callbacks' states"),
    history: v.optional(
      v.pipe(
        v.array(historyEntry, 'must be a list of {epoch, step, metrics}'),
        v.maxLength(MAX_HISTORY, `must have at most ${MAX_HISTORY} entries`),
      ),
    ),
  },
  'must be an object',
);

export const checkpointHeaderSchema = v.strictObject(
  {
    formatVersion: v.number('must be a number'),
    meta: checkpointMetaSchema,
    weights: arraySpecs,
    optimizerWeights: arraySpecs,
    blobBytes: integer(MAX_BLOB_BYTES),
  },
  'must be an object {formatVersion, meta, weights, optimizerWeights, blobBytes}',
);

export type CheckpointHeader = v.InferOutput<typeof checkpointHeaderSchema>;
export type ArraySpec = CheckpointHeader['weights'][number];

/** Depth of nested arrays and objects, without recursion (a hostile header may nest deeply). */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The header, checked: shape and types (the schema), then nesting, then the arrays' layout in
 * a blob of `blobBytes`: each inside it, none overlapping another.
 */
export function parseCheckpointHeader(
  json: unknown,
  blobBytes: number,
  fail: (problem: SchemaProblem) => never,
): CheckpointHeader {
  if (jsonDepth(json, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    fail({ field: 'header', text: `header nests deeper than ${MAX_JSON_DEPTH} levels` });
  }
  const header = parseWith(checkpointHeaderSchema, json, 'header', fail);
  if (header.blobBytes !== blobBytes) {
    fail({
      field: 'blobBytes',
      text: `it holds ${blobBytes} bytes of arrays, its header says ${header.blobBytes}`,
    });
  }
  const placed = [
    ...header.weights.map((spec, i) => ({ spec, field: `weights[${i}]` })),
    ...header.optimizerWeights.map((spec, i) => ({ spec, field: `optimizerWeights[${i}]` })),
  ].sort((a, b) => a.spec.offset - b.spec.offset);
  let end = 0;
  let previous = '';
  for (const { spec, field } of placed) {
    const bytes = spec.length * 4;
    if (spec.offset + bytes > blobBytes) {
      fail({
        field,
        text: `${field} (${spec.name}) ends at byte ${spec.offset + bytes}, past the ${blobBytes} bytes of arrays`,
      });
    }
    if (bytes > 0 && spec.offset < end) {
      fail({ field, text: `${field} (${spec.name}) overlaps ${previous}` });
    }
    if (bytes > 0) {
      end = spec.offset + bytes;
      previous = field;
    }
  }
  return header;
}
