import { backendNames } from '../engine/backends/backendNames';
import type { AugmentOptions } from '../engine/data/augment';
import { errorMessage } from '../engine/errorMessage';
import type {
  CheckpointRecord,
  ExportFormat,
  LinePreviewParams,
  SweepSettings,
  UnreadableCheckpoint,
} from '../workers/protocol';
import type { UnreadableRun } from '../workers/runStore';
import type { Query } from './configForm';
import { saveFiles } from './download';
import { checkpointFileProblem, emnistFilesProblem, runLogFilesProblem } from './fileLimits';
import { withAvailableGlyphs } from './glyphSource';
import { sectionHref } from './sections';
import { dispatch, failed, useStudio, workerClient } from './store';

// What the views ask of the worker. Results come back into the store; views never keep them.

/** The worker trains on the backend it started with: start the one picked in the form first. */
async function switchBackend(config: Query): Promise<void> {
  const preferred = backendNames.find((name) => name === config.backend);
  if (preferred && preferred !== useStudio.getState().backend?.backend) {
    try {
      dispatch({ type: 'backend', report: await workerClient().request('init', { preferred }) });
    } catch (error) {
      failed(`Could not switch to ${preferred}`)(error);
    }
  }
}

/**
 * Starts a run (the Backend status then shows its backend, or why it fell back). An EMNISTLines
 * run without glyph_source draws from the glyphs this browser has, and says so when MNIST.
 */
export async function startRun(query: Query): Promise<void> {
  const config = withAvailableGlyphs(query, useStudio.getState().datasets);
  if (config.glyph_source === 'MNIST' && config !== query) {
    dispatch({
      type: 'notice',
      kind: 'info',
      text: 'EMNIST is not imported in this browser, so the lines are drawn from MNIST digits (glyph_source MNIST). Import EMNIST in the Data panel for letters.',
    });
  }
  dispatch({ type: 'startRequested', config });
  await switchBackend(config);
  workerClient().send({ type: 'start', config });
}

/** Starts a sweep of `settings.swept` over the Train form's flags; trials stream as runs. */
export async function startSweep(settings: SweepSettings): Promise<void> {
  dispatch({ type: 'startRequested', config: settings.fixed });
  await switchBackend(settings.fixed);
  workerClient().send({ type: 'startSweep', sweep: settings });
}

/** Loads a sweep trial's best checkpoint and opens the Playground with it. */
export async function openTrialInPlayground(
  checkpointId: string,
  dataClass: string,
): Promise<void> {
  try {
    const loaded = await workerClient().request('loadModel', { id: checkpointId });
    dispatch({ type: 'modelLoaded', model: { ...loaded, dataClass } });
    window.location.hash = sectionHref('playground');
  } catch (error) {
    failed(`Could not load ${checkpointId}`)(error);
  }
}

/**
 * Continues a stored run exactly, as the CLI's --load_checkpoint does: the checkpoint's own
 * config, on the backend picked now, with a new max_epochs when one is given.
 */
async function continueRun(resumeId: string, config: Query): Promise<void> {
  dispatch({ type: 'startRequested', config, resumeId });
  await switchBackend(config);
  workerClient().send({ type: 'start', config, resumeId });
}

/** Resume training of a stored checkpoint, on the form's backend. */
export function resumeTraining(
  record: CheckpointRecord,
  backend: string | undefined,
  maxEpochs?: number,
): Promise<void> {
  const config: Query = {};
  if (backend) config.backend = backend;
  if (maxEpochs !== undefined) config.max_epochs = String(maxEpochs);
  return continueRun(record.id, config);
}

/** Continues the failed run from the newest checkpoint it saved, to the epochs it was asked for. */
export async function resumeFailedRun(): Promise<void> {
  const { config, lastCheckpoint } = useStudio.getState().run;
  if (!config || !lastCheckpoint) return;
  const again: Query = {};
  for (const name of ['backend', 'max_epochs']) if (config[name]) again[name] = config[name];
  await continueRun(lastCheckpoint, again);
}

/** The worker pauses after its current step; the panel shows "Pausing…" until it has. */
export function pauseRun(): void {
  dispatch({ type: 'runControl', control: 'pause' });
  workerClient().send({ type: 'pause' });
}

export function resumeRun(): void {
  workerClient().send({ type: 'resume' });
}

/** The worker stops after its current step; the panel shows "Stopping…" until the run ends. */
export function stopRun(): void {
  dispatch({ type: 'runControl', control: 'stop' });
  workerClient().send({ type: 'stop' });
}

export async function loadModel(record: CheckpointRecord): Promise<void> {
  try {
    const loaded = await workerClient().request('loadModel', { id: record.id });
    dispatch({ type: 'modelLoaded', model: { ...loaded, dataClass: record.dataClass } });
  } catch (error) {
    failed(`Could not load ${record.runName} epoch ${record.epoch}`)(error);
  }
}

/** Top 5 classes of a 28x28 input; resolves when the store has them (callers pace requests). */
export async function predict(image: Float32Array): Promise<void> {
  try {
    const prediction = await workerClient().request('predict', { image, topK: 5 }, [image.buffer]);
    dispatch({ type: 'prediction', prediction });
  } catch (error) {
    failed('Prediction failed')(error);
  }
}

export function clearPrediction(): void {
  dispatch({ type: 'prediction', prediction: undefined });
}

export async function randomTestSample(dataClass: string): Promise<void> {
  try {
    const sample = await workerClient().request('testSample', { dataClass });
    dispatch({ type: 'testSample', sample });
  } catch (error) {
    failed(`Could not read a ${dataClass} test image`)(error);
  }
}

export async function loadSamples(dataset: string, perClass: number): Promise<void> {
  try {
    const samples = await workerClient().request('classSamples', { dataClass: dataset, perClass });
    dispatch({ type: 'samples', dataset, samples });
  } catch (error) {
    failed(`Could not read ${dataset} samples`)(error);
  }
}

export async function deleteCheckpoint(record: CheckpointRecord): Promise<void> {
  try {
    await workerClient().request('deleteCheckpoint', { id: record.id });
  } catch (error) {
    failed(`Could not delete ${record.runName} epoch ${record.epoch}`)(error);
  }
}

/**
 * Deletes a stored record the list could not read (the only way to use its space again), by
 * its stored key exactly as listed: it may be no checkpoint id, which deleteCheckpoint refuses.
 */
export async function deleteUnreadableCheckpoint({ id, key }: UnreadableCheckpoint): Promise<void> {
  try {
    await workerClient().request('deleteUnreadableCheckpoint', { key });
  } catch (error) {
    failed(`Could not delete the unreadable checkpoint ${id}`)(error);
  }
}

export async function deleteUnreadableRun({ id, key }: UnreadableRun): Promise<void> {
  try {
    const listing = await workerClient().request('deleteUnreadableRun', { key });
    dispatch({ type: 'runs', ...listing });
  } catch (error) {
    failed(`Could not delete the unreadable run record ${id}`)(error);
  }
}

export async function downloadCheckpoint(
  record: CheckpointRecord,
  format: ExportFormat,
): Promise<void> {
  try {
    const { files } = await workerClient().request('exportCheckpoint', { id: record.id, format });
    saveFiles(files);
  } catch (error) {
    failed(`Could not export ${record.runName} epoch ${record.epoch}`)(error);
  }
}

export async function importCheckpoint(file: File): Promise<void> {
  const problem = checkpointFileProblem(file);
  if (problem) return failed('Checkpoint import rejected')(new Error(problem));
  try {
    const bytes = await file.arrayBuffer();
    const { record, alreadyStored } = await workerClient().request(
      'importCheckpoint',
      { name: file.name, bytes },
      [bytes],
    );
    const what = `${record.runName} epoch ${record.epoch}`;
    dispatch({
      type: 'notice',
      kind: 'info',
      text: alreadyStored
        ? `${file.name} is already stored as ${what}: nothing was imported.`
        : `Imported ${what}.`,
    });
  } catch (error) {
    failed(`Could not import the checkpoint ${file.name}`)(error);
  }
}

/** A CLI run's metrics.csv (and hparams.yaml) into the Runs view. */
export async function importRunLogs(files: File[]): Promise<void> {
  const problem = runLogFilesProblem(files);
  if (problem) return failed('Run import rejected')(new Error(problem));
  const csv = files.find((f) => /\.csv$/i.test(f.name)) as File;
  const yaml = files.find((f) => /\.ya?ml$/i.test(f.name));
  try {
    const { record, alreadyStored } = await workerClient().request('importRun', {
      metricsCsv: await csv.text(),
      hparamsYaml: await yaml?.text(),
      modifiedAt: csv.lastModified,
    });
    dispatch({
      type: 'notice',
      kind: 'info',
      text: alreadyStored
        ? `These logs are already in the Runs view as ${record.name}: nothing was imported.`
        : `Imported ${record.name} from ${files.map((f) => f.name).join(' and ')}.`,
    });
  } catch (error) {
    failed(`Could not import the run in ${csv.name}`)(error);
  }
}

/** Resolves true when the files were imported (the Data panel then clears its picker). */
export async function importEmnist(fileList: File[]): Promise<boolean> {
  const problem = emnistFilesProblem(fileList);
  if (problem) {
    failed('EMNIST import rejected')(new Error(problem));
    return false;
  }
  try {
    const files = await Promise.all(
      fileList.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
    );
    const dataset = await workerClient().request(
      'importEmnist',
      { files },
      files.map((f) => f.bytes),
    );
    dispatch({ type: 'datasetImported', dataset });
    return true;
  } catch (error) {
    failed('EMNIST import failed')(error);
    return false;
  }
}

export function dismissMessage(id: number): void {
  dispatch({ type: 'dismiss', id });
}

/** Error analysis of the loaded model on its test split; resolves once the store has it. */
export async function analyzeErrors(): Promise<void> {
  try {
    const report = await workerClient().request('analyzeErrors', { split: 'test' });
    dispatch({ type: 'errorReport', report });
  } catch (error) {
    failed('Error analysis failed')(error);
  }
}

/** Lines for the Lines section; a failure replaces the lines shown, so none look current. */
export async function loadLinePreviews(params: LinePreviewParams): Promise<void> {
  const glyphs = params.glyph_source ?? 'MNIST';
  try {
    const lines = await workerClient().request('linePreview', params);
    dispatch({ type: 'linePreviews', result: { glyphs, lines } });
  } catch (error) {
    dispatch({ type: 'linePreviews', result: { glyphs, error: errorMessage(error) } });
  }
}

/** How many training images the Data panel shows augmented. */
export const AUGMENT_PREVIEW_COUNT = 8;

/** Training images of `dataset` before and after one augmentation draw for `seed`. */
export async function loadAugmentPreview(
  dataset: string,
  options: AugmentOptions,
  seed: number,
): Promise<void> {
  try {
    const preview = await workerClient().request('augmentPreview', {
      dataClass: dataset,
      count: AUGMENT_PREVIEW_COUNT,
      options,
      seed,
    });
    dispatch({ type: 'augmentPreview', result: { dataset, ...preview } });
  } catch (error) {
    dispatch({ type: 'augmentPreview', result: { dataset, error: errorMessage(error) } });
  }
}

/** Reads a 28x896 line with the loaded line model. */
export async function readLine(image: Float32Array): Promise<void> {
  try {
    const reading = await workerClient().request('predictLine', { image }, [image.buffer]);
    dispatch({ type: 'lineReading', reading });
  } catch (error) {
    failed('Could not read the line')(error);
  }
}

export function clearLineReading(): void {
  dispatch({ type: 'lineReading', reading: undefined });
}

export async function deleteRun(id: string, withCheckpoints: boolean): Promise<void> {
  try {
    await workerClient().request('deleteRun', { id, withCheckpoints });
    dispatch({ type: 'runDeleted', id });
  } catch (error) {
    failed(`Could not delete run ${id}`)(error);
  }
}

export async function updateRun(id: string, change: { name?: string; tags?: string[] }) {
  try {
    await workerClient().request('updateRun', { id, ...change });
  } catch (error) {
    failed(`Could not change run ${id}`)(error);
  }
}

/** A CSV the page built, downloaded under a safe name. */
export function downloadCsv(name: string, text: string): void {
  const bytes = new TextEncoder().encode(text);
  saveFiles([{ name, mime: 'text/csv', bytes: bytes.buffer as ArrayBuffer }]);
}
