/**
 * `npm run datasets`: builds MNIST and Brown (skipped when already built and intact) and,
 * when asked, EMNIST from NIST's files, into public/datasets (or --out).
 */
import { resolve } from 'node:path';
import { cleanUpAfterCrashes } from '../node/atomicFile';
import { ensureDefaults } from '../node/buildDefaults';
import { buildEmnist } from '../node/buildEmnist';
import { downloadToCache } from '../node/download';
import { log } from '../node/progress';
import { zipTruncation } from '../node/zipComplete';
import { DATASETS_USAGE, type DatasetsArgs, parseDatasetsArgs, UsageError } from './datasetsArgs';

const DOWNLOAD_CACHE = '.cache/downloads';

async function run(args: DatasetsArgs): Promise<void> {
  const outDir = resolve(args.outDir);
  const started = Date.now();
  await cleanUpAfterCrashes([outDir, resolve(DOWNLOAD_CACHE)], log);
  // A full re-hash here: this is the command users run when something looks wrong.
  const built = await ensureDefaults(outDir, 'sha256', log);
  log(
    built.length > 0
      ? `Built ${built.join(' and ')}.`
      : 'MNIST and Brown are already built; skipped.',
  );
  const emnistInput = args.emnistDownload
    ? await downloadToCache(args.emnistUrl, resolve(DOWNLOAD_CACHE), 'EMNIST', zipTruncation)
    : args.emnist;
  if (emnistInput !== null) {
    const entry = await buildEmnist(
      outDir,
      emnistInput,
      { balance: args.balance, seed: args.seed },
      log,
    );
    const { train, val, test } = entry.splits;
    log(
      `Built EMNIST: ${train.count} train / ${val?.count ?? 0} val / ${test.count} test (${entry.source}).`,
    );
  }
  log(`Datasets are in ${outDir} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
}

async function main(): Promise<number> {
  let args: DatasetsArgs;
  try {
    args = parseDatasetsArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${DATASETS_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${DATASETS_USAGE}\n`);
    return 0;
  }
  try {
    await run(args);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
