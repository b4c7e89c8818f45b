import { ConfigError } from '../engine/config';
import { errorMessage } from '../engine/errorMessage';
import { parseCommandLine, runExperimentCommand } from './experimentCommand';
import { PathFlagError, prepareExperimentFiles } from './experimentFiles';

async function main(argv: string[]): Promise<number> {
  let parsed: Awaited<ReturnType<typeof parseCommandLine>>;
  try {
    parsed = await parseCommandLine(argv);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof PathFlagError ||
      (error instanceof Error && /Unknown (model|data) class/.test(error.message))
    ) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if ('help' in parsed) {
    console.log(parsed.help);
    return 0;
  }
  try {
    await prepareExperimentFiles(parsed.config, console.error);
  } catch (error) {
    if (!(error instanceof PathFlagError || error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
  return (await runExperimentCommand(parsed)).code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`error: ${errorMessage(error)}`);
    process.exit(1);
  },
);
