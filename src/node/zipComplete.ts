import { open } from 'node:fs/promises';

const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_MARK = 0xffffffff;

/**
 * Why the zip file at `path` is cut short, or undefined when it ends as a zip must: with its
 * end-of-central-directory record, the directory it points at lying before it. A download
 * without Content-Length that the server stopped early reads as complete; this tells.
 */
export async function zipTruncation(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = new Uint8Array(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const view = new DataView(tail.buffer);
    for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
      if (view.getUint32(i, true) !== 0x06054b50) continue;
      const directoryEnd = view.getUint32(i + 16, true) + view.getUint32(i + 12, true);
      const recordStart = size - tailLength + i;
      const commentFits = i + EOCD_SIZE + view.getUint16(i + 20, true) === tailLength;
      const zip64 = view.getUint32(i + 16, true) === ZIP64_MARK;
      if (commentFits && (zip64 || directoryEnd <= recordStart)) return undefined;
    }
    return `it ends after ${size} bytes without a zip file's closing record, so it was cut short`;
  } finally {
    await handle.close();
  }
}
