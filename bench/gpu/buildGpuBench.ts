/**
 * `npm run bench:gpu -- --out DIR`: builds the GPU bench as one folder of at most 64 MiB that
 * runs on a Linux x86-64 GPU machine without Node or a network: the bench and the engine
 * bundled into one script, Dawn's .node file and this Node binary (gzipped), the Vulkan loader,
 * the PyTorch reference, a small EMNIST sample and run.sh. `--run` then runs it here (on
 * SwiftShader without a GPU), passing what follows `--` to the bench.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packImageDataset } from '../../src/engine/data/datasetPack';
import { EMNISTDataModule } from '../../src/engine/data/emnistDataModule';
import { subsetImageSet } from '../../src/engine/data/imageSet';
import { emptyManifest, withDataset } from '../../src/engine/data/manifest';
import type { ImageSet } from '../../src/engine/data/types';
import { writeFileAtomic } from '../../src/node/atomicFile';
import { writeDatasetFiles, writeManifestFile } from '../../src/node/datasetStore';
import { FileDatasetSource } from '../../src/node/fileDatasetSource';
import { VULKAN_LOADER } from '../../src/node/nodeWebGpu';
import { PYTHON } from '../../src/testing/debianPython';
import { emnistTestSource } from '../../src/testing/emnistFixture';

/** What a device run carries back and forth; the folder must fit in it. */
export const MAX_FOLDER_BYTES = 64 * 1024 * 1024;
/** Enough batches of 1024 for the timed rounds; the pixels do not change the speed. */
const SAMPLE = { train: 8192, val: 512, test: 512 };

const here = dirname(new URL(import.meta.url).pathname);
const root = resolve(here, '../..');

async function gzipFile(from: string, to: string): Promise<void> {
  mkdirSync(dirname(to), { recursive: true });
  await writeFileAtomic(to, gzipSync(readFileSync(from), { level: 9 }));
}

function firstImages(set: ImageSet, count: number): ImageSet {
  return subsetImageSet(
    set,
    Array.from({ length: Math.min(count, set.count) }, (_, i) => i),
  );
}

/** The first images of each split of the EMNIST built in `dataDir`, as a dataset folder. */
async function writeEmnistSample(dataDir: string, out: string): Promise<void> {
  const emnist = new EMNISTDataModule(new FileDatasetSource(dataDir));
  await emnist.setup().catch((error: Error) => {
    throw new Error(
      `The GPU bench carries a sample of EMNIST, which ${dataDir} lacks (${error.message}). ` +
        'Build it with `npm run datasets -- --emnist PATH`, or give --data_dir.',
    );
  });
  const packed = packImageDataset(
    {
      name: 'EMNIST',
      dir: 'emnist',
      mapping: emnist.config().mapping,
      source: `the first images of each split of the EMNIST in ${dataDir}`,
    },
    {
      train: firstImages(emnist.imageSet('train'), SAMPLE.train),
      val: firstImages(emnist.imageSet('val'), SAMPLE.val),
      test: firstImages(emnist.imageSet('test'), SAMPLE.test),
    },
  );
  emnist.dispose();
  const infos = await writeDatasetFiles(out, packed.files);
  await writeManifestFile(out, withDataset(emptyManifest(), packed.entry, infos));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export async function buildGpuBench(out: string, dataDir: string): Promise<number> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      'The GPU bench folder carries Linux x86-64 binaries: build it on such a machine.',
    );
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'gpuBench.ts')],
    outfile: join(out, 'gpu-bench.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dawn's loader finds its .node file beside itself, so it stays a package in the folder.
    external: ['webgpu'],
    // The CommonJS parts of tfjs call require() inside the ES module.
    banner: {
      js: "import { createRequire as inklabRequire } from 'node:module'; const require = inklabRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const webgpu = join(root, 'node_modules/webgpu');
  for (const file of ['package.json', 'index.js', 'LICENSE.md']) {
    mkdirSync(join(out, 'node_modules/webgpu'), { recursive: true });
    copyFileSync(join(webgpu, file), join(out, 'node_modules/webgpu', file));
  }
  await gzipFile(
    join(webgpu, 'dist/linux-x64/dawn.node'),
    join(out, 'node_modules/webgpu/dist/linux-x64/dawn.node.gz'),
  );
  await gzipFile(process.execPath, join(out, 'node.gz'));
  if (existsSync(VULKAN_LOADER)) {
    mkdirSync(join(out, 'lib'));
    copyFileSync(VULKAN_LOADER, join(out, 'lib/libvulkan.so.1'));
  } else {
    process.stderr.write(
      `warning: ${VULKAN_LOADER} is missing (Debian: apt install libvulkan1); the folder carries no Vulkan loader.\n`,
    );
  }
  copyFileSync(join(root, 'bench/pytorch_cnn.py'), join(out, 'pytorch_cnn.py'));
  copyFileSync(join(here, 'run.sh'), join(out, 'run.sh'));
  execFileSync('chmod', ['+x', join(out, 'run.sh')]);
  await writeEmnistSample(dataDir, join(out, 'data'));
  const bytes = await folderBytes(out);
  if (bytes > MAX_FOLDER_BYTES) {
    throw new Error(`The GPU bench folder ${out} is ${bytes} bytes, over ${MAX_FOLDER_BYTES}.`);
  }
  return bytes;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      out: { type: 'string', default: join(root, 'dist/gpu-bench') },
      data_dir: { type: 'string' },
      run: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const out = resolve(values.out as string);
  // By default the EMNIST the tests build from the shared split.
  const dataDir = values.data_dir ?? (await emnistTestSource())?.rootDir;
  if (dataDir === undefined) throw new Error('Give --data_dir: a datasets folder holding EMNIST.');
  const bytes = await buildGpuBench(out, resolve(dataDir));
  process.stderr.write(
    `Built the GPU bench in ${relative(process.cwd(), out) || '.'} (${(bytes / 2 ** 20).toFixed(1)} MiB). ` +
      'Carry the folder to a Linux GPU machine and run ./run.sh there; it writes result.json.\n',
  );
  if (values.run) {
    // Debian's PyTorch is not the python3 on PATH here.
    const python = process.env.PYTHON ?? (existsSync(PYTHON) ? PYTHON : undefined);
    execFileSync(join(out, 'run.sh'), positionals, {
      stdio: 'inherit',
      env: { ...process.env, ...(python ? { PYTHON: python } : {}) },
    });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(here, 'buildGpuBench.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
