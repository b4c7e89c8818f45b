/**
 * The worker's behaviour, apart from the worker global so Node tests can drive it: requests
 * answered by handlers, control commands to the training session, results pushed to the page.
 */

import type { BackendName } from '../engine/backends/initBackend';
import { DEFAULT_DATA_CLASS, type ExperimentConfig } from '../engine/config';
import { createDataModule } from '../engine/data/registry';
import type { DatasetSource } from '../engine/data/types';
import { errorMessage } from '../engine/errorMessage';
import type { HardwareInfo } from '../engine/events';
import { resolveBatchLimit } from '../engine/lit/trainer';
import { analyzeErrors } from '../engine/metrics/errorAnalysis';
import { modelShapeKey } from '../engine/modelShapeKey';
import { importLightningRun } from '../engine/runs/lightningImport';
import type { BackendProbes } from './backendChoice';
import { BackendGate } from './backendGate';
import { BackendMeasureCache } from './backendMeasureCache';
import { exportFiles } from './checkpointExport';
import { importCheckpointFile } from './checkpointImport';
import { DataModuleCache } from './dataModuleCache';
import { noBackendAfterLoss } from './deviceLoss';
import { buildImportedEmnist } from './emnistImport';
import { misclassifiedImages } from './errorReport';
import { ImportedDatasetStore } from './importedDatasetStore';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import type { InklabDb } from './inklabDb';
import { LinePreviews } from './linePreviews';
import type { LoadedModel } from './loadedModel';
import { measuredText } from './measuredText';
import { ModelSlot } from './modelSlot';
import { modelStepper } from './modelStepper';
import { MEASURE_TASK, type WorkerCommand } from './protocol';
import {
  createRequestRouter,
  isRequest,
  type Post,
  type RequestHandlers,
  Transfer,
} from './requestRouter';
import { RunStore } from './runStore';
import { augmentPreview, classSamples, testSample } from './samples';
import { StudioDatasetSource } from './studioDatasetSource';
import { SweepSession } from './sweepSession';
import { webLocksExclusive } from './trainingLock';
import { TrainingSession } from './trainingSession';

export interface StudioDeps {
  db: InklabDb;
  /** The datasets built into the app. */
  bundled: DatasetSource;
  probes: BackendProbes;
  post: Post;
  /** Calls `onLost` with the reason if `backend`'s GPU device is lost (WebGPU in the page). */
  watchDevice?: (backend: string, onLost: (detail: string) => void) => void;
}

export function createStudio(deps: StudioDeps): (command: WorkerCommand) => void {
  const { post } = deps;
  const checkpoints = new IndexedDbCheckpointStore(deps.db);
  const runs = new RunStore(deps.db);
  const imported = new ImportedDatasetStore(deps.db);
  const datasets = new StudioDatasetSource(deps.bundled, imported);
  const backend = new BackendGate(deps.probes, (r) =>
    deps.watchDevice?.(r.backend, (detail) => deviceLost(r.backend as BackendName, detail)),
  );
  const model = new ModelSlot(checkpoints);
  const linePreviews = new LinePreviews(datasets);
  const progress = (task: string, message: string, fraction?: number) =>
    post({ type: 'progress', task, message, ...(fraction === undefined ? {} : { fraction }) });
  const pushCheckpoints = async () => post({ type: 'checkpoints', ...(await checkpoints.list()) });
  /** Loads a checkpoint for the Playground, its first prediction's set-up included. */
  const loadForPrediction = async (id: string) => {
    progress('loadModel', 'Loading model…', 0);
    try {
      const loaded = await model.load(id);
      progress('loadModel', 'Loading model… preparing its first prediction', 0.5);
      await loaded.warmUp();
      return loaded;
    } finally {
      progress('loadModel', 'Model loaded', 1);
    }
  };

  const session: TrainingSession = new TrainingSession({
    source: datasets,
    store: checkpoints,
    hardware: (config, { measure }) => (measure ? measureFor(config) : backend.ready()),
    post,
    exclusive: webLocksExclusive(globalThis.navigator?.locks),
    runs,
    onFinished: async (experiment, result) => {
      dataModules.adopt(experiment.config.data_class, experiment.dataModule, experiment.config);
      if (!result.bestCheckpoint) return;
      try {
        const loaded = await loadForPrediction(result.bestCheckpoint);
        const { id, runName, mapping } = loaded;
        const dataClass = experiment.config.data_class;
        post({ type: 'modelLoaded', model: { id, runName, mapping, dataClass } });
      } catch (error) {
        post({
          type: 'error',
          task: 'loadModel',
          message: `Could not load the best checkpoint for the Playground: ${errorMessage(error)}. Load it from Checkpoints to try again.`,
        });
      }
    },
  });
  const sweeps = new SweepSession(session, post);
  const measurements = new BackendMeasureCache(deps.db);
  /** An auto run's backend, measured on its model; the run's hardware line says how it won. */
  const measureFor = async (config: ExperimentConfig): Promise<HardwareInfo> => {
    const data = createDataModule(config.data_class, datasets, config);
    const dataConfig = data.config();
    data.dispose();
    const report = await backend.measure({
      model: modelShapeKey(config),
      batchSize: config.batch_size,
      stepper: (name, batchSize) => modelStepper(config, dataConfig, name, batchSize),
      cache: measurements,
      progress: (message, fraction) => progress(MEASURE_TASK, message, fraction),
    });
    post({ type: 'backend', report });
    const { measurement, ...info } = report;
    if (!measurement) return info;
    const how = measurement.cached ? 'measured before on this device' : 'measured';
    return {
      ...info,
      description: `${info.description}, fastest ${how}: ${measuredText(measurement.results)}`,
    };
  };
  /** A running run continues on the next backend; otherwise the next request uses it. */
  const deviceLost = (lost: BackendName, detail: string) => {
    const switchBackend = async () => {
      const report = await backend.afterDeviceLoss(lost, detail);
      post({ type: 'backend', report });
      return report;
    };
    if (session.deviceLost({ detail, switchBackend })) return;
    switchBackend().then(
      (report) =>
        post({
          type: 'error',
          task: 'deviceLost',
          message: `The GPU device was lost (${detail}). Inklab now runs on ${report.backend}; load a model again for the Playground.`,
        }),
      (error) =>
        post({
          type: 'error',
          task: 'deviceLost',
          message: noBackendAfterLoss(detail, errorMessage(error)),
        }),
    );
  };
  const dataModules = new DataModuleCache(datasets, () => {
    const experiment = session.experiment;
    return experiment && { dataClass: experiment.config.data_class, module: experiment.dataModule };
  });

  /** The loaded model's error analysis on `split`, with progress for the Errors panel. */
  const analyzeLoaded = async (loaded: LoadedModel, split: 'test') => {
    const data = await dataModules.forConfig(loaded.config);
    // The same batches the run was tested on, so the analysis matches its test metrics.
    const batchSize = Number(loaded.config.batch_size ?? 128);
    const limit = loaded.config[split === 'test' ? 'limit_test_batches' : 'limit_val_batches'];
    const total = Math.ceil(data.size(split) / batchSize);
    const analysis = await analyzeErrors(loaded.forAnalysis(), data, split, {
      batchSize,
      limitBatches: resolveBatchLimit(limit === undefined ? undefined : Number(limit), total),
      onProgress: (done, batches) =>
        // Fraction 1 would end the task: the gallery's images are still to be read.
        progress(
          'analyzeErrors',
          `Analyzing errors · batch ${done}/${batches}`,
          0.99 * (done / Math.max(1, batches)),
        ),
    });
    // A line model's position p was read from the window at p * window_stride.
    const stride = Number(loaded.config.window_stride ?? 28);
    const misclassified = misclassifiedImages(analysis, data, split, stride);
    const report = {
      ...analysis,
      modelId: loaded.id,
      runName: loaded.runName,
      dataClass: loaded.dataClass,
      misclassified,
    };
    return new Transfer(
      report,
      misclassified.map((m) => m.image.buffer),
    );
  };

  const handlers: RequestHandlers = {
    init: async ({ preferred }) => {
      if (session.running) throw new Error('The backend cannot change while a run is training.');
      return backend.init(preferred);
    },
    listDatasets: () => datasets.summaries(),
    listCheckpoints: () => checkpoints.list(),
    loadModel: async ({ id }) => {
      await backend.ready();
      const loaded = await loadForPrediction(id);
      return { id: loaded.id, runName: loaded.runName, mapping: loaded.mapping };
    },
    predict: async ({ image, topK }) => {
      await backend.ready();
      return model.require().predict(image, topK);
    },
    testSample: async ({ dataClass, index }) => {
      await backend.ready();
      const loaded = model.current;
      const sample = await testSample(
        await dataModules.get(dataClass),
        index,
        loaded && ((image) => loaded.predict(image)),
      );
      return new Transfer(sample, [sample.image.buffer]);
    },
    classSamples: async ({ dataClass, perClass }) => {
      const samples = classSamples(await dataModules.get(dataClass), perClass);
      return new Transfer(
        samples,
        samples.map((s) => s.image.buffer),
      );
    },
    augmentPreview: async ({ dataClass, count, options, seed }) => {
      await backend.ready();
      const preview = await augmentPreview(await dataModules.get(dataClass), count, options, seed);
      return new Transfer(
        preview,
        [...preview.before, ...preview.after].map((s) => s.image.buffer),
      );
    },
    analyzeErrors: async ({ split = 'test' }) => {
      await backend.ready();
      const loaded = model.require();
      progress('analyzeErrors', `Reading the ${split} split…`, 0);
      try {
        return await analyzeLoaded(loaded, split);
      } finally {
        progress('analyzeErrors', 'Error analysis done', 1);
      }
    },
    linePreview: async (params) => {
      const lines = await linePreviews.lines(params);
      return new Transfer(
        lines,
        lines.map((l) => l.image.buffer),
      );
    },
    predictLine: async ({ image }) => {
      await backend.ready();
      return model.require().readLine(image);
    },
    deleteCheckpoint: async ({ id }) => {
      await checkpoints.remove(id);
      await pushCheckpoints();
      return null;
    },
    listRuns: () => runs.list(),
    updateRun: async ({ id, name, tags }) => {
      const record = await runs.get(id);
      if (!record)
        throw new Error(
          `There is no run "${id}" any more; it may have been deleted in another tab.`,
        );
      const updated = {
        ...record,
        name: name === undefined ? record.name : name.trim() || record.id,
        tags:
          tags === undefined
            ? record.tags
            : [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
      };
      await runs.put(updated);
      post({ type: 'run', record: updated });
      return updated;
    },
    importRun: async (files) => {
      const record = importLightningRun(files);
      const stored = await runs.get(record.id);
      if (stored) return { record: stored, alreadyStored: true };
      await runs.put(record);
      post({ type: 'run', record });
      return { record, alreadyStored: false };
    },
    deleteUnreadableRun: async ({ key }) => {
      await runs.removeUnreadable(key);
      return runs.list();
    },
    deleteRun: async ({ id, withCheckpoints }) => {
      if (session.running && session.experiment?.trainer.options.runName === id) {
        throw new Error(`Run "${id}" is training: stop it before deleting it.`);
      }
      if (withCheckpoints) {
        const { list } = await checkpoints.list();
        for (const record of list.filter((r) => r.runName === id))
          await checkpoints.remove(record.id);
        await pushCheckpoints();
      }
      await runs.remove(id);
      return null;
    },
    deleteUnreadableCheckpoint: async ({ key }) => {
      await checkpoints.removeUnreadable(key);
      await pushCheckpoints();
      return null;
    },
    exportCheckpoint: async ({ id, format }) => {
      if (format === 'tfjs') await backend.ready();
      const files = await exportFiles(await checkpoints.get(id), format);
      return new Transfer(
        { files },
        files.map((f) => f.bytes),
      );
    },
    importCheckpoint: async ({ name, bytes }) => {
      await backend.ready();
      const imported = await importCheckpointFile(name, new Uint8Array(bytes), checkpoints);
      if (!imported.alreadyStored) await pushCheckpoints();
      return imported;
    },
    importEmnist: async ({ files }) => {
      if (session.running) {
        throw new Error(
          'EMNIST cannot be imported while a run is training: stop it or wait for it to end.',
        );
      }
      progress('importEmnist', `Reading ${files.map((f) => f.name).join(', ')}`, 0);
      const packed = buildImportedEmnist(
        files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
        (message) => progress('importEmnist', message),
      );
      progress('importEmnist', 'Saving EMNIST in this browser', 0.9);
      await imported.replace(packed);
      dataModules.forget('EMNIST');
      progress('importEmnist', 'EMNIST imported', 1);
      const summary = (await datasets.summaries()).find((d) => d.name === 'EMNIST');
      if (!summary) throw new Error('EMNIST was stored but is not listed; reload the page.');
      return summary;
    },
  };
  const route = createRequestRouter(handlers, post);

  return (command) => {
    if (isRequest(command)) {
      void route(command);
      return;
    }
    switch (command.type) {
      case 'start': {
        if (sweeps.running) {
          post({
            type: 'error',
            task: 'sweep',
            message: 'A sweep is running: stop it (Stop ends the sweep) before starting a run.',
          });
          break;
        }
        const dataClass = command.config.data_class ?? DEFAULT_DATA_CLASS;
        dataModules.forget(dataClass);
        session.start(command.config, command.resumeId);
        break;
      }
      case 'pause':
        session.pause();
        break;
      case 'resume':
        session.resume();
        break;
      case 'stop':
        // During a sweep, Stop ends the sweep, not just its current trial.
        if (sweeps.running) sweeps.stop();
        else session.stop();
        break;
      case 'startSweep':
        dataModules.forget(command.sweep.fixed.data_class ?? DEFAULT_DATA_CLASS);
        sweeps.start(command.sweep);
        break;
      case 'testHook':
        // Handled by trainer.worker.ts, which alone knows whether test hooks are allowed.
        break;
    }
  };
}
