/**
 * A dataset file (IDX, gzip, zip entry, manifest) that is damaged, hostile or not what it
 * claims. `file` and `field` say where, so callers and tests can tell violations apart.
 */
export class DatasetFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatasetFileError';
  }
}

/** Inflating a file would exceed the bytes its headers or the caller's maximum allow. */
export class DecompressionLimitError extends DatasetFileError {
  constructor(
    file: string,
    field: string,
    readonly limitBytes: number,
  ) {
    super(
      file,
      field,
      `${file} inflates to more than ${limitBytes} bytes, the most its ${field} allows: it is ` +
        'corrupt or a decompression bomb. Use the original file.',
    );
    this.name = 'DecompressionLimitError';
  }
}
