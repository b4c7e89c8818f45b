/**
 * Loaded data modules for sample requests and analysis: one per data class, and one per
 * data-flag set for a loaded model's own data. A running experiment's own module is used when
 * it has the asked class, so a dataset is never held in memory twice.
 */
import { DEFAULT_DATA_CLASS } from '../engine/config';
import { checkDataClass, dataClassInfo } from '../engine/data/dataFlags';
import { createDataModule, type FlagValues } from '../engine/data/registry';
import type { DataModule, DatasetSource } from '../engine/data/types';

/**
 * The cache key of a data module built from an experiment config: its class and the values of
 * that class's own data flags (e.g. EMNISTLines' glyph_source and counts), nothing else.
 */
export function dataModuleKey(config: FlagValues): string {
  const dataClass = checkDataClass(String(config.data_class ?? DEFAULT_DATA_CLASS));
  const flags = dataClassInfo[dataClass].flags.map(
    (f) => `${f.name}=${String(config[f.name] ?? f.default)}`,
  );
  return [dataClass, ...flags].join(' ');
}

export class DataModuleCache {
  private readonly modules = new Map<string, Promise<DataModule>>();

  constructor(
    private readonly source: DatasetSource,
    private readonly running: () => { dataClass: string; module: DataModule } | undefined,
  ) {}

  async get(dataClass: string): Promise<DataModule> {
    const run = this.running();
    if (run?.dataClass === dataClass) {
      await run.module.setup();
      return run.module;
    }
    return this.load(dataClass, () => createDataModule(dataClass, this.source));
  }

  private load(key: string, create: () => DataModule): Promise<DataModule> {
    let loading = this.modules.get(key);
    if (!loading) {
      loading = (async () => {
        const module = create();
        await module.prepareData();
        await module.setup();
        return module;
      })();
      this.modules.set(key, loading);
      // A failed load is not kept: the next request tries again (e.g. after an import).
      loading.catch(() => this.modules.delete(key));
    }
    return loading;
  }

  /**
   * The data a model was trained on, built from its experiment config: a line model's analysis
   * needs its own glyph source and line counts, not the class's defaults.
   */
  forConfig(config: FlagValues): Promise<DataModule> {
    const key = dataModuleKey(config);
    return this.load(key, () => createDataModule(String(config.data_class), this.source, config));
  }

  /** Keeps `module` (already set up, e.g. a finished run's) as the one for its class and config. */
  adopt(dataClass: string, module: DataModule, config: FlagValues): void {
    this.modules.set(dataClass, Promise.resolve(module));
    this.modules.set(dataModuleKey(config), Promise.resolve(module));
  }

  /** Forgets `dataClass`, every config of it too (its files changed, or a run loads its own). */
  forget(dataClass: string): void {
    for (const key of [...this.modules.keys()]) {
      if (key === dataClass || key.startsWith(`${dataClass} `)) this.modules.delete(key);
    }
  }
}
