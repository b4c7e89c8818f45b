/// <reference lib="webworker" />
/**
 * The studio's training worker: owns TensorFlow.js in the page. Commands arrive as
 * WorkerCommand messages; replies, Trainer events and progress go back as WorkerMessage.
 */
import { activeWebGpuDevice, browserBackendProbes, watchWebGpuDevice } from './browserBackends';
import { FetchDatasetSource } from './fetchDatasetSource';
import { openInklabDb } from './inklabDb';
import {
  HEARTBEAT_INTERVAL_MS,
  type Heartbeat,
  TEST_HOOKS_WORKER_NAME,
  type TestHook,
  type WorkerCommand,
  type WorkerMessage,
} from './protocol';
import { createStudio } from './studio';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);

const datasetsUrl = new URL(`${import.meta.env.BASE_URL}datasets/`, self.location.href).href;

// While this event loop turns, the page hears that the worker is alive (workerClient.ts).
const heartbeat: Heartbeat = { type: 'heartbeat' };
setInterval(() => self.postMessage(heartbeat), HEARTBEAT_INTERVAL_MS);

function runTestHook(hook: TestHook): void {
  if (self.name !== TEST_HOOKS_WORKER_NAME) return;
  // Thrown from a task of its own, so it is uncaught, as a real crash would be.
  if (hook === 'crash')
    setTimeout(() => {
      throw new Error('Test hook: the training worker crashed on purpose');
    });
  // Never returns and raises nothing: only the page's watchdog can tell.
  if (hook === 'hang') for (;;) {}
  if (hook === 'loseDevice') loseWebGpuDevice();
}

/** As a driver reset would: the device's `lost` promise settles, with reason 'destroyed'. */
function loseWebGpuDevice(): void {
  const device = activeWebGpuDevice();
  if (device) {
    device.destroy();
    return;
  }
  post({
    type: 'error',
    task: 'testHook',
    message:
      "The 'loseDevice' test hook needs the webgpu backend: open the page with ?backend=webgpu.",
  });
}

// Commands that arrive while the database opens are queued, then handled in order.
const queued: WorkerCommand[] = [];
let handle: ((command: WorkerCommand) => void) | undefined;
self.onmessage = (event: MessageEvent<WorkerCommand>) => {
  if (event.data.type === 'testHook') runTestHook(event.data.hook);
  else if (handle) handle(event.data);
  else queued.push(event.data);
};

openInklabDb().then(
  (db) => {
    handle = createStudio({
      db,
      bundled: new FetchDatasetSource(datasetsUrl),
      probes: browserBackendProbes,
      post,
      watchDevice: (backend, onLost) => {
        if (backend === 'webgpu') watchWebGpuDevice(onLost);
      },
    });
    for (const command of queued.splice(0)) handle(command);
  },
  (error: unknown) => {
    const message =
      `This browser's storage (IndexedDB) could not be opened: ${(error as Error).message}. ` +
      'Checkpoints and imports need it; private windows or strict settings may block it.';
    self.onmessage = (event: MessageEvent<WorkerCommand>) => {
      const command = event.data;
      if ('requestId' in command)
        post({ type: 'reply', requestId: command.requestId, ok: false, error: message });
      else if (command.type === 'start')
        post({ type: 'trainer', event: { type: 'error', message } });
    };
    for (const command of queued.splice(0)) self.onmessage?.({ data: command } as MessageEvent);
  },
);
