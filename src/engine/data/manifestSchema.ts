/**
 * The valibot schema of manifest.json: types, ranges, lengths and the path alphabet, checked
 * before any dataset file is read; the first violation becomes a ManifestError naming the field.
 */
import * as v from 'valibot';
import { DatasetFileError } from './datasetFileError';

export const MANIFEST_FORMAT_VERSION = 1;
export const DATASET_NAMES = ['MNIST', 'EMNIST'] as const;

/** More than any split of these datasets holds (EMNIST ByClass train: 697,932). */
const MAX_SPLIT_COUNT = 10_000_000;
/** Below 4 GiB, as every file here is (the gzip ISIZE field is exact below that). */
const MAX_FILE_BYTES = 2 ** 32 - 1;
/** Labels are stored as one byte each. */
const MAX_MAPPING_TOKENS = 256;
const MAX_IMAGE_SIDE = 4096;
const MAX_TEXT = 2000;

/** A manifest.json that is not JSON, or breaks the schema. */
export class ManifestError extends DatasetFileError {
  constructor(file: string, field: string, problem: string) {
    super(
      file,
      field,
      `${file} is not a valid dataset manifest: ${problem}. Rebuild the datasets with \`npm run datasets\`.`,
    );
    this.name = 'ManifestError';
  }
}

const integer = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be an integer'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const text = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.maxLength(MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
);

/** Relative, `/`-separated, each segment from a fixed alphabet and never `.` or `..`. */
const filePath = v.pipe(
  text,
  v.regex(
    /^(?!\.{1,2}(?:\/|$))(?!.*\/\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
    'must be a relative path of letters, digits, ".", "_" and "-" segments, without "." or ".."',
  ),
);

const split = v.object({
  // An empty split is refused: a data module must never train, validate or test on nothing.
  count: integer(1, MAX_SPLIT_COUNT),
  images: filePath,
  labels: filePath,
});

const dataset = v.object({
  name: v.picklist(DATASET_NAMES, `must be one of ${DATASET_NAMES.join(', ')}`),
  dir: filePath,
  mapping: v.pipe(
    v.array(text, 'must be an array'),
    v.minLength(1, 'must hold at least one token'),
    v.maxLength(MAX_MAPPING_TOKENS, `must hold at most ${MAX_MAPPING_TOKENS} tokens`),
  ),
  inputDims: v.pipe(
    v.array(integer(1, MAX_IMAGE_SIDE), 'must be an array'),
    v.length(3, 'must be [height, width, channels]'),
  ),
  splits: v.object({ train: split, val: v.optional(split), test: split }),
  source: text,
  balanced: v.optional(v.boolean('must be true or false')),
  seed: v.optional(integer(0, Number.MAX_SAFE_INTEGER)),
});

const corpus = v.object({
  name: v.literal('Brown', 'must be "Brown"'),
  file: filePath,
  sentences: integer(1, MAX_SPLIT_COUNT),
});

export const manifestSchema = v.object({
  formatVersion: v.literal(
    MANIFEST_FORMAT_VERSION,
    `must be ${MANIFEST_FORMAT_VERSION}, the version this Inklab reads`,
  ),
  datasets: v.array(dataset, 'must be an array'),
  corpora: v.array(corpus, 'must be an array'),
  files: v.record(
    filePath,
    v.object({
      bytes: integer(0, MAX_FILE_BYTES),
      sha256: v.pipe(
        v.string('must be a string'),
        v.regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
      ),
    }),
    'must be an object',
  ),
});

export type ManifestInput = v.InferOutput<typeof manifestSchema>;

/** `datasets[0].splits.train.count`, `files["a/b.gz"].bytes`: where an issue is. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key !== 'string' || !/^[A-Za-z_]\w*$/.test(key))
      out += `[${JSON.stringify(key)}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out || 'the top level';
}

/** The parsed manifest, or a ManifestError for the first field that breaks the schema. */
export function checkManifestSchema(root: unknown, file: string): ManifestInput {
  const result = v.safeParse(manifestSchema, root, { abortEarly: true });
  if (result.success) return result.output;
  const [issue] = result.issues;
  const field = fieldOf(issue);
  const found = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)?.slice(0, 80);
  throw new ManifestError(file, field, `${field} ${issue.message}, found ${found}`);
}
