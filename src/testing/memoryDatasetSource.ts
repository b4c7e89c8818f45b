/** An in-memory DatasetSource holding packed datasets and their manifest, for fast tests. */
import type { PackedDataset } from '../engine/data/datasetPack';
import {
  emptyManifest,
  type FileInfo,
  MANIFEST_FILE,
  type Manifest,
  withDataset,
} from '../engine/data/manifest';
import { sha256Hex } from '../engine/data/sha256';
import type { DatasetSource } from '../engine/data/types';

export class MemoryDatasetSource implements DatasetSource {
  readonly files = new Map<string, Uint8Array>();

  async read(path: string): Promise<Uint8Array> {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`memory:${path} does not exist.`);
    return bytes;
  }

  describe(path: string): string {
    return `memory:${path}`;
  }

  setManifest(manifest: Manifest): void {
    this.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(manifest)));
  }
}

/** A source holding `datasets` exactly as the datasets build would lay them out. */
export async function memoryDatasets(datasets: PackedDataset[]): Promise<MemoryDatasetSource> {
  const source = new MemoryDatasetSource();
  let manifest = emptyManifest();
  for (const { entry, files } of datasets) {
    const infos: Record<string, FileInfo> = {};
    for (const [path, bytes] of files) {
      source.files.set(path, bytes);
      infos[path] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
    }
    manifest = withDataset(manifest, entry, infos);
  }
  source.setManifest(manifest);
  return source;
}
