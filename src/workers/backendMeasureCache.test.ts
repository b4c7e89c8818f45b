import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { readCached } from './backendMeasure';
import { BackendMeasureCache } from './backendMeasureCache';
import { openInklabDb } from './inklabDb';
import type { MeasuredBackend } from './protocol';

const results: MeasuredBackend[] = [
  { backend: 'wasm', label: 'wasm', samplesPerSec: 1240, steps: 3, fallbackAdapter: false },
  {
    backend: 'webgpu',
    label: 'webgpu (software)',
    samplesPerSec: 4,
    steps: 0,
    fallbackAdapter: true,
  },
];

describe('BackendMeasureCache', () => {
  it('keeps measurements by model and device in IndexedDB', async () => {
    const db = await openInklabDb('inklab-measure-roundtrip');
    const cache = new BackendMeasureCache(db);
    await cache.put('model on device', results);
    expect(readCached(await cache.get('model on device'), ['webgpu', 'wasm'])).toEqual(results);
    expect(await cache.get('another model on device')).toBeUndefined();
    db.close();
  });

  it('a database of the first version gains the store and keeps its checkpoints', async () => {
    const name = 'inklab-measure-upgrade';
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('checkpoints', { keyPath: 'id' });
        db.createObjectStore('checkpointBytes');
        db.createObjectStore('datasets', { keyPath: 'entry.name' });
        db.createObjectStore('datasetFiles');
      },
    });
    await old.put('checkpoints', { id: 'run/epoch=0000' });
    old.close();

    const db = await openInklabDb(name);
    expect([...db.objectStoreNames]).toContain('backendMeasurements');
    expect(await db.get('checkpoints', 'run/epoch=0000')).toEqual({ id: 'run/epoch=0000' });
    await new BackendMeasureCache(db).put('k', results);
    db.close();
  });
});
