import { ConfigError } from '../config';

/** The CLI's `--logger` choices, as Lightning names its CSVLogger and TensorBoardLogger. */
export const LOGGER_NAMES = ['csv', 'tensorboard'] as const;
export type LoggerName = (typeof LOGGER_NAMES)[number];

/** `csv`, `tensorboard`, both comma-separated, or `none`. */
export function parseLoggers(value: string): LoggerName[] {
  if (value.trim() === 'none') return [];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(LOGGER_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(
        `--logger takes ${LOGGER_NAMES.join(', ')} (comma-separated) or none; got '${value}'.`,
      );
    }
  }
  return [...new Set(names as LoggerName[])];
}
