import { create } from 'zustand';
import { backendNames } from '../engine/backends/backendNames';
import type { BackendName } from '../engine/backends/initBackend';
import { errorMessage } from '../engine/errorMessage';
import type { WorkerClient } from '../workers/protocol';
import { askPersistence, readStorage } from './browserStorage';
import { reduce } from './reducer';
import { initialState, type StudioAction, type StudioState } from './state';
import { syncCheckpointLists } from './tabSync';

/**
 * How often streamed worker messages reach the views: a run can send a step event every few
 * milliseconds, and one React render per batch keeps the main thread free.
 */
const RENDER_INTERVAL_MS = 100;

/** The studio's one store. Views read it; only `dispatch` (of worker results) changes it. */
export const useStudio = create<StudioState>(() => initialState);

export function dispatch(action: StudioAction): void {
  useStudio.setState((state) => reduce(state, action));
}

let client: WorkerClient | undefined;

/** The worker connection that commands go through (set by connectStore). */
export function workerClient(): WorkerClient {
  if (!client) throw new Error('The training worker is not connected.');
  return client;
}

/**
 * Feeds the store from the worker: streamed messages are reduced in batches, then the backend,
 * the datasets and the stored checkpoints are requested. Returns the disconnect function.
 */
export function connectStore(workerClient: WorkerClient): () => void {
  client = workerClient;
  let queue: StudioAction[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = queue;
    queue = [];
    useStudio.setState((state) => batch.reduce(reduce, state));
  };
  const tabs = syncCheckpointLists(() => void requestCheckpoints(workerClient));
  const unsubscribe = workerClient.subscribe((message) => {
    if (message.type === 'reply') return; // answered through request() promises
    queue.push({ type: 'worker', message, at: performance.now() });
    timer ??= setTimeout(flush, RENDER_INTERVAL_MS);
    if (message.type === 'checkpoints') {
      tabs.announce();
      void refreshStorage();
    }
    if (message.type === 'trainer' && message.event.type === 'checkpointSaved') {
      void askPersistence().then(refreshStorage);
    }
    // The client already runs a fresh worker: start it on the backend the old one had.
    if (message.type === 'crashed') {
      const backend = useStudio.getState().backend?.backend;
      void initialRequests(
        workerClient,
        backendNames.find((name) => name === backend),
      );
    }
  });
  void initialRequests(workerClient);
  void refreshStorage();
  return () => {
    tabs.close();
    unsubscribe();
    clearTimeout(timer);
    client = undefined;
  };
}

async function initialRequests(worker: WorkerClient, preferred?: BackendName): Promise<void> {
  await Promise.all([
    worker
      .request('init', { preferred })
      .then(
        (report) => dispatch({ type: 'backend', report }),
        failed('TensorFlow.js could not start'),
      ),
    worker
      .request('listDatasets', {})
      .then((list) => dispatch({ type: 'datasets', list }), failed('Could not list the datasets')),
    requestCheckpoints(worker),
    worker
      .request('listRuns', {})
      .then(
        (listing) => dispatch({ type: 'runs', ...listing }),
        failed('Could not read the run history'),
      ),
  ]);
}

function requestCheckpoints(worker: WorkerClient): Promise<void> {
  return worker.request('listCheckpoints', {}).then(
    (listing) =>
      dispatch({
        type: 'worker',
        message: { type: 'checkpoints', ...listing },
        at: performance.now(),
      }),
    failed('Could not read the stored checkpoints'),
  );
}

function refreshStorage(): Promise<void> {
  return readStorage().then(
    (status) => status && dispatch({ type: 'storage', status }),
    failed('Could not read how much storage the studio uses'),
  );
}

/** A rejection handler that shows `what` and the worker's reason as an alert. */
export function failed(what: string): (error: unknown) => void {
  return (error) =>
    dispatch({
      type: 'notice',
      kind: 'error',
      text: `${what}: ${errorMessage(error)}`,
    });
}
