import { ConfigError } from '../engine/config';

/** `--name value`, `--name=value` and bare `--name` (true) into a record; positionals are errors. */
export function parseArgv(
  argv: string[],
  booleanFlags: ReadonlySet<string>,
): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new ConfigError(
        `Unexpected argument '${arg}'. Flags look like --max_epochs 3; see --help.`,
      );
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq).replaceAll('-', '_');
    if (eq !== -1) out[name] = arg.slice(eq + 1);
    else if (booleanFlags.has(name)) out[name] = true;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[name] = argv[++i];
    else throw new ConfigError(`--${name} needs a value; see --help.`);
  }
  return out;
}
