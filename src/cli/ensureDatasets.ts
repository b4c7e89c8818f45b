/**
 * Run before `npm start` and `npm test`: builds MNIST and Brown into public/datasets when the
 * manifest lacks them or their files' sizes differ from it. Only stats files, so it is
 * instant when everything is there; `npm run datasets` does the full checksum check.
 */
import { resolve } from 'node:path';
import { ensureDefaults } from '../node/buildDefaults';
import { log } from '../node/progress';
import { DEFAULT_OUT_DIR } from './datasetsArgs';

try {
  const built = await ensureDefaults(resolve(DEFAULT_OUT_DIR), 'size', log);
  if (built.length > 0) log(`Built ${built.join(' and ')} into ${DEFAULT_OUT_DIR}.`);
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
