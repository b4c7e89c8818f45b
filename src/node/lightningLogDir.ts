/**
 * Writes a run's Lightning-style logs into `<logDir>/<run>/version_N/`, N one more than the
 * highest version there (Lightning's rule, so a resumed run gets the next one). Each write
 * replaces a whole file atomically; a write that fails is reported once and logging stops,
 * while training goes on.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runNameProblem } from '../engine/checkpoint/checkpointId';
import type { ConfigValue } from '../engine/config';
import { errorMessage } from '../engine/errorMessage';
import type { TrainerEvent } from '../engine/events';
import { HPARAMS_FILE, LightningLogger, METRICS_FILE } from '../engine/logging/lightningLogger';
import type { LoggerName } from '../engine/logging/loggerNames';
import { safeFileName } from '../engine/safeFileName';
import { writeFileAtomic } from './atomicFile';

const VERSION = /^version_(\d+)$/;

/** Creates and returns the next free `version_N` folder under `runDir`. */
export async function nextVersionDir(runDir: string): Promise<string> {
  await mkdir(runDir, { recursive: true });
  const taken = (await readdir(runDir))
    .map((name) => VERSION.exec(name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]));
  // mkdir without `recursive` fails when another process took the same version first.
  for (let version = taken.length ? Math.max(...taken) + 1 : 0; ; version++) {
    const dir = join(runDir, `version_${version}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** TensorBoard's event file name: `events.out.tfevents.<seconds>.<host>.<pid>.<n>`. */
function eventFileName(nowMs: number): string {
  const seconds = String(Math.floor(nowMs / 1000)).padStart(10, '0');
  return `events.out.tfevents.${seconds}.${safeFileName(hostname(), 'host')}.${process.pid}.0`;
}

export class LightningLogDir {
  private writes: Promise<void> = Promise.resolve();
  private failed = false;
  /** hparams.yaml is written once: the run's config does not change. */
  private wroteHparams = false;
  private readonly eventFile: string;

  private constructor(
    readonly dir: string,
    private readonly logger: LightningLogger,
    private readonly report: (message: string) => void,
  ) {
    this.eventFile = eventFileName(Date.now());
  }

  /**
   * Opens the next version folder of `runName` under `logDir`. `report` gets the one message of
   * a failed write.
   */
  static async open(
    logDir: string,
    runName: string,
    loggers: LoggerName[],
    config: Record<string, ConfigValue>,
    report: (message: string) => void,
  ): Promise<LightningLogDir> {
    const problem = runNameProblem(runName);
    if (problem) throw new Error(`Cannot log run '${runName}': its name ${problem}.`);
    const dir = await nextVersionDir(join(logDir, runName));
    return new LightningLogDir(dir, new LightningLogger(loggers, config), report);
  }

  handle(event: TrainerEvent): void {
    if (this.logger.handle(event)) this.flush();
  }

  /** Queues a write of every file as it stands now. */
  flush(): void {
    const files = this.logger.files();
    this.writes = this.writes.then(async () => {
      if (this.failed) return;
      try {
        if (!this.wroteHparams) {
          await writeFileAtomic(join(this.dir, HPARAMS_FILE), this.logger.hparamsYaml);
          this.wroteHparams = true;
        }
        if (files.metricsCsv) await writeFileAtomic(join(this.dir, METRICS_FILE), files.metricsCsv);
        if (files.events) await writeFileAtomic(join(this.dir, this.eventFile), files.events);
      } catch (error) {
        this.failed = true;
        this.report(
          `Could not write the logs in ${this.dir} (${errorMessage(error)}); logging stopped, training goes on.`,
        );
      }
    });
  }

  /** Writes what is left and waits for every write. */
  async close(): Promise<void> {
    this.flush();
    await this.writes;
  }
}
