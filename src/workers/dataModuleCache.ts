/**
 * Loaded data modules for sample requests, one per data class. A running experiment's own
 * module is used when it has the asked class, so a dataset is never held in memory twice.
 */
import { createDataModule } from '../engine/data/registry';
import type { DataModule, DatasetSource } from '../engine/data/types';

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
    let loading = this.modules.get(dataClass);
    if (!loading) {
      loading = (async () => {
        const module = createDataModule(dataClass, this.source);
        await module.prepareData();
        await module.setup();
        return module;
      })();
      this.modules.set(dataClass, loading);
      // A failed load is not kept: the next request tries again (e.g. after an import).
      loading.catch(() => this.modules.delete(dataClass));
    }
    return loading;
  }

  /** Keeps `module` (already set up, e.g. a finished run's) as the one for `dataClass`. */
  adopt(dataClass: string, module: DataModule): void {
    this.modules.set(dataClass, Promise.resolve(module));
  }

  /** Forgets `dataClass` (its files changed, or a run is about to load its own copy). */
  forget(dataClass: string): void {
    this.modules.delete(dataClass);
  }
}
