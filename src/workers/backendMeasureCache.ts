/** Measured backend speeds in IndexedDB, so the same model on the same device is timed once. */
import type { MeasureCache } from './backendMeasure';
import type { InklabDb } from './inklabDb';
import type { MeasuredBackend } from './protocol';

export class BackendMeasureCache implements MeasureCache {
  constructor(private readonly db: InklabDb) {}

  get(key: string): Promise<unknown> {
    return this.db.get('backendMeasurements', key);
  }

  async put(key: string, results: MeasuredBackend[]): Promise<void> {
    await this.db.put('backendMeasurements', results, key);
  }
}
