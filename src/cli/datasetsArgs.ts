/** Flags of `npm run datasets`, parsed without side effects so they can be tested. */
import { DEFAULT_EMNIST_SEED } from '../engine/data/emnistBuild';
import { DEFAULT_EMNIST_URL } from '../node/download';

export const DEFAULT_OUT_DIR = 'public/datasets';

export interface DatasetsArgs {
  help: boolean;
  outDir: string;
  /** A gzip.zip or a folder of emnist-byclass-*-ubyte.gz files. */
  emnist: string | null;
  emnistDownload: boolean;
  emnistUrl: string;
  balance: boolean;
  seed: number;
}

export const DATASETS_USAGE = `Usage: npm run datasets -- [options]

Builds the datasets the app and the CLI read (MNIST and Brown sentences always, skipped when
already built; EMNIST when asked) and writes their manifest.json.

Options:
  --out DIR           where to write the datasets (default ${DEFAULT_OUT_DIR})
  --emnist PATH       build EMNIST from NIST's gzip.zip or a folder with its
                      emnist-byclass-*-ubyte.gz files (a folder with only the test split
                      is split 60/20/20 into train/val/test)
  --emnist-download   download NIST's gzip.zip (about 535 MB, cached in .cache/downloads)
                      and build EMNIST from it
  --emnist-url URL    where --emnist-download fetches from (default ${DEFAULT_EMNIST_URL})
  --no-balance        keep every EMNIST training example (default: cap each class at the
                      mean class count, as the lab does)
  --seed N            seed of the EMNIST splits and balancing (default ${DEFAULT_EMNIST_SEED})
  --help              show this help`;

/** A mistake on the command line: the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {}

export function parseDatasetsArgs(argv: readonly string[]): DatasetsArgs {
  const args: DatasetsArgs = {
    help: false,
    outDir: DEFAULT_OUT_DIR,
    emnist: null,
    emnistDownload: false,
    emnistUrl: DEFAULT_EMNIST_URL,
    balance: true,
    seed: DEFAULT_EMNIST_SEED,
  };
  let urlGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--out':
        args.outDir = value();
        break;
      case '--emnist':
        args.emnist = value();
        break;
      case '--emnist-download':
        args.emnistDownload = true;
        break;
      case '--emnist-url':
        args.emnistUrl = value();
        urlGiven = true;
        break;
      case '--no-balance':
        args.balance = false;
        break;
      case '--seed': {
        const raw = value();
        args.seed = Number(raw);
        if (!/^\d+$/.test(raw) || !Number.isSafeInteger(args.seed)) {
          throw new UsageError(`--seed must be a non-negative integer, got "${raw}".`);
        }
        break;
      }
      default:
        throw new UsageError(`Unknown option "${flag}".`);
    }
  }
  if (args.emnist !== null && args.emnistDownload) {
    throw new UsageError('Use either --emnist PATH or --emnist-download, not both.');
  }
  if (urlGiven && !args.emnistDownload)
    throw new UsageError('--emnist-url only applies with --emnist-download.');
  if (urlGiven && !URL.canParse(args.emnistUrl))
    throw new UsageError(`--emnist-url "${args.emnistUrl}" is not a URL.`);
  return args;
}
