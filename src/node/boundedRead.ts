import { open, stat } from 'node:fs/promises';

/** A file refused before reading: missing, not a regular file (a device, a pipe) or too large. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The bytes of `path`, read only once a stat shows a regular file of at most `maxBytes`: a
 * device such as /dev/zero or a pipe would never end. `what` names the file in messages.
 */
export async function readBoundedFile(
  path: string,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'it does not exist' : (error.code ?? error.message);
    throw new UnreadableFileError(`Cannot read ${what} ${path}: ${why}.`, path);
  });
  if (!info.isFile()) {
    throw new UnreadableFileError(
      `${what} ${path} is not a regular file (a folder, device or pipe); give the path of a file.`,
      path,
    );
  }
  if (info.size > maxBytes) {
    throw new UnreadableFileError(
      `${what} ${path} is ${megabytes(info.size)}, more than the ${megabytes(maxBytes)} allowed; ` +
        'it is not a file Inklab wrote.',
      path,
    );
  }
  const handle = await open(path, 'r');
  try {
    const bytes = new Uint8Array(info.size);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const more = (await handle.read(new Uint8Array(1), 0, 1, length)).bytesRead;
    if (length !== info.size || more > 0) {
      throw new UnreadableFileError(
        `${what} ${path} changed while being read; run the command again once nothing writes it.`,
        path,
      );
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
