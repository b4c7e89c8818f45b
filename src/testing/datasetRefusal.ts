/** For tests of untrusted dataset files: the DatasetFileError `run` must throw. */
import { expect } from 'vitest';
import { DatasetFileError } from '../engine/data/datasetFileError';

export function datasetRefusal(run: () => unknown): DatasetFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFileError);
    return error as DatasetFileError;
  }
  throw new Error('expected a DatasetFileError, nothing was thrown');
}
