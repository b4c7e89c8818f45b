/**
 * What a checkpoint id is: `<runName>/<file>.ckpt`, both parts from a fixed alphabet (letters,
 * digits, '.', '_', '-', '='), starting with a letter or digit, with no '..' and a bounded
 * length. Ids come from checkpoint files and stored records, so every store refuses anything
 * else: a name must never become a path out of the store.
 */

/** Longest run name: generated names are far shorter; this only bounds hostile ones. */
export const MAX_RUN_NAME_LENGTH = 100;
/** Longest file part of an id, `.ckpt` included. */
export const MAX_CHECKPOINT_FILE_LENGTH = 150;
export const CHECKPOINT_EXTENSION = '.ckpt';

const ALPHABET = /^[A-Za-z0-9][A-Za-z0-9._=-]*$/;
const RULE =
  "letters, digits, '.', '_', '-' and '=' only, starting with a letter or digit, without '..'";

/** A run name or checkpoint id that could name a path outside its store (or is no name at all). */
export class CheckpointIdError extends Error {
  override readonly name = 'CheckpointIdError';
  constructor(
    message: string,
    readonly value: unknown,
  ) {
    super(message);
  }
}

function partProblem(part: string, maxLength: number): string | undefined {
  if (part.length === 0) return 'is empty';
  if (part.length > maxLength) return `is ${part.length} characters long (at most ${maxLength})`;
  if (!ALPHABET.test(part) || part.includes('..')) return `must use ${RULE}`;
  return undefined;
}

const quoted = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value.slice(0, 200)) : String(value);

/** Why `name` is not a run name, or undefined when it is one. */
export function runNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `it is a ${typeof name}, not a string`;
  const problem = partProblem(name, MAX_RUN_NAME_LENGTH);
  return problem && `it ${problem}`;
}

/** Why `id` is not a checkpoint id, or undefined when it is one. */
export function checkpointIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return `it is a ${typeof id}, not a string`;
  const parts = id.split('/');
  if (parts.length !== 2) return 'it must be <run name>/<file>.ckpt, with exactly one /';
  const [runName, file] = parts as [string, string];
  const runProblem = partProblem(runName, MAX_RUN_NAME_LENGTH);
  if (runProblem) return `its run name ${runProblem}`;
  if (!file.endsWith(CHECKPOINT_EXTENSION))
    return `its file name must end in ${CHECKPOINT_EXTENSION}`;
  const fileProblem = partProblem(file, MAX_CHECKPOINT_FILE_LENGTH);
  return fileProblem && `its file name ${fileProblem}`;
}

/** `name` as a run name; throws CheckpointIdError naming `source` when it is not one. */
export function assertRunName(name: unknown, source: string): string {
  const problem = runNameProblem(name);
  if (problem) {
    throw new CheckpointIdError(
      `${source} names run ${quoted(name)}, which is refused: ${problem}. ` +
        'Run names become folder names; use a checkpoint saved by Inklab.',
      name,
    );
  }
  return name as string;
}

/** `id` as a checkpoint id; throws CheckpointIdError naming `source` when it is not one. */
export function assertCheckpointId(id: unknown, source: string): string {
  const problem = checkpointIdProblem(id);
  if (problem) {
    throw new CheckpointIdError(
      `${source} refused checkpoint id ${quoted(id)}: ${problem}. ` +
        'Ids look like <run name>/epoch=0001-validation_loss=0.512.ckpt; this one may come from a damaged or hostile checkpoint.',
      id,
    );
  }
  return id as string;
}

/** The id of `file` in run `runName`; throws CheckpointIdError when the result is no id. */
export function checkpointId(runName: string, file: string): string {
  return assertCheckpointId(`${runName}/${file}`, `Run ${quoted(runName)}`);
}

/** Whether `id` is a checkpoint id inside run `runName`'s folder. */
export function isCheckpointIdOf(id: unknown, runName: string): boolean {
  return checkpointIdProblem(id) === undefined && (id as string).startsWith(`${runName}/`);
}
