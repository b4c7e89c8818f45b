/**
 * The one way Inklab writes files in Node: into a temporary file beside the target (same
 * folder, so the rename cannot cross file systems), fsync, rename over the target, fsync the
 * folder. A crash leaves the old file or the new one, never half of one; what it leaves behind
 * is a temporary file that removeStaleTempFiles deletes at the next start.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.inklab-tmp';
/** `<name>.<pid>-<8 hex>.inklab-tmp`: the pid tells a crashed writer's file from a live one's. */
const TEMP_NAME = /\.(\d+)-[0-9a-f]{8}\.inklab-tmp$/;

/** A unique temporary path beside `path` (file or folder). */
export function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
}

/** Flushes a folder's entries (the rename) to disk. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    // Windows cannot open folders; its renames are durable without this.
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file being written under a temporary name; `commit` puts it in place, `abort` drops it. */
export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  bytesWritten: number;
  write(chunk: Uint8Array | string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Starts writing `path` (its folder is created); nothing is visible there until `commit`. */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const tempPath = tempPathFor(path);
  const handle = await open(tempPath, 'wx');
  let isOpen = true;
  const close = async () => {
    if (isOpen) {
      isOpen = false;
      await handle.close();
    }
  };
  const file: AtomicFile = {
    path,
    tempPath,
    bytesWritten: 0,
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      // writeFile on a handle writes everything from the current position, looping over short writes.
      await handle.writeFile(bytes);
      file.bytesWritten += bytes.length;
    },
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(tempPath, path);
      } catch (error) {
        await file.abort();
        throw error;
      }
      await syncFolder(dirname(path));
    },
    async abort() {
      await close().catch(() => {});
      await rm(tempPath, { force: true });
    },
  };
  return file;
}

/** Writes `data` to `path` atomically. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    await file.write(data);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes temporary files and folders that writers killed mid-write left under `dir` (down to
 * `depth` folder levels, symlinks not followed); those of writers still running (this process
 * included) are kept. Returns the paths removed; a missing `dir` has none.
 */
export async function removeStaleTempFiles(dir: string, depth = 2): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const removed: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const pid = TEMP_NAME.exec(entry.name)?.[1];
    if (pid !== undefined) {
      if (!processAlive(Number(pid))) {
        await rm(path, { recursive: true, force: true });
        removed.push(path);
      }
    } else if (entry.isDirectory() && depth > 0) {
      removed.push(...(await removeStaleTempFiles(path, depth - 1)));
    }
  }
  return removed;
}

/** removeStaleTempFiles over each of `dirs` at a command's start, saying what was removed. */
export async function cleanUpAfterCrashes(
  dirs: string[],
  log: (line: string) => void,
): Promise<void> {
  for (const dir of dirs) {
    for (const path of await removeStaleTempFiles(dir))
      log(`Removed ${path}, left by an interrupted write.`);
  }
}
