/** The page's handle on the training worker: typed requests with promised replies, events. */
import {
  type ControlCommand,
  type Heartbeat,
  type Requests,
  type RequestType,
  TEST_HOOKS_WORKER_NAME,
  WORKER_SILENCE_TIMEOUT_MS,
  type WorkerClient,
  type WorkerCommand,
  type WorkerMessage,
} from './protocol';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  type: RequestType;
}

export interface ClientOptions {
  /** Silence (no message, heartbeats included) after which a worker counts as hung. */
  silenceTimeoutMs?: number;
}

/**
 * Requests answered after one synchronous task of many seconds (parsing and packing an EMNIST
 * upload), in which no heartbeat can be sent: the worker's silence meanwhile is expected.
 */
const LONG_SYNCHRONOUS_REQUESTS: ReadonlySet<RequestType> = new Set(['importEmnist']);

/**
 * Wraps any Worker-like port (a real Worker in the page, a fake in tests). An uncaught error in
 * a worker that already answered is a crash, and so is a worker that then stays silent for
 * `silenceTimeoutMs` (an endless loop raises no error): the worker is terminated (whatever it
 * still does cannot be trusted), every pending and later request is rejected with the reason,
 * and subscribers get a `crashed` message.
 */
export function createClientFor(
  worker: Worker,
  { silenceTimeoutMs = WORKER_SILENCE_TIMEOUT_MS }: ClientOptions = {},
): WorkerClient {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(message: WorkerMessage) => void>();
  let nextId = 1;
  let broken: string | undefined;
  let silence: ReturnType<typeof setTimeout> | undefined;

  const failAll = (reason: string) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new Error(`${reason} (request '${p.type}' got no answer)`));
    }
  };

  let heardFrom = false;
  const emit = (message: WorkerMessage) => {
    for (const listener of listeners) listener(message);
  };

  const crash = (reason: string) => {
    broken = reason;
    clearTimeout(silence);
    worker.terminate();
    failAll(reason);
    emit({ type: 'crashed', reason });
  };
  const onSilence = () => {
    if ([...pending.values()].some((p) => LONG_SYNCHRONOUS_REQUESTS.has(p.type))) {
      watch();
      return;
    }
    crash(
      `The training worker stopped responding for ${silenceTimeoutMs / 1000} s and was stopped ` +
        '(it may be stuck in an endless loop)',
    );
  };
  // Armed by every message from the first on: before it, a worker that cannot start says so
  // with an error event, and its script may still be loading.
  const watch = () => {
    clearTimeout(silence);
    silence = setTimeout(onSilence, silenceTimeoutMs);
  };

  worker.addEventListener('message', (event: MessageEvent<WorkerMessage | Heartbeat>) => {
    if (broken) return;
    heardFrom = true;
    watch();
    const message = event.data;
    if (message.type === 'heartbeat') return;
    if (message.type === 'reply') {
      const p = pending.get(message.requestId);
      if (!p) return;
      pending.delete(message.requestId);
      if (message.ok) p.resolve(message.result);
      else p.reject(new Error(message.error));
    }
    emit(message);
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    if (broken) return;
    const detail = event.message || 'its script could not be loaded';
    if (!heardFrom) {
      // Before any answer: the script failed to load or start, so nothing will ever be answered.
      broken = `The training worker failed to start: ${detail}. Reload the page.`;
      failAll(broken);
      return;
    }
    crash(`The training worker crashed (${detail})`);
  });
  worker.addEventListener('messageerror', () => {
    failAll('A message from the training worker could not be read');
  });

  return {
    request<K extends RequestType>(
      type: K,
      params: Requests[K]['params'],
      transfer: Transferable[] = [],
    ): Promise<Requests[K]['result']> {
      if (broken) return Promise.reject(new Error(broken));
      const requestId = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(requestId, { resolve: resolve as (r: unknown) => void, reject, type });
        const command = { type, requestId, params } as WorkerCommand;
        try {
          worker.postMessage(command, transfer);
        } catch (error) {
          pending.delete(requestId);
          reject(
            new Error(
              `Could not send '${type}' to the training worker: ${(error as Error).message}`,
            ),
          );
        }
      });
    },
    send(command: ControlCommand): void {
      if (!broken) worker.postMessage(command);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate(): void {
      clearTimeout(silence);
      failAll('The training worker was stopped');
      worker.terminate();
    },
  };
}

/**
 * A client that outlives its worker: after a crash a fresh worker is started (from `spawn`)
 * before subscribers hear `crashed`, so what they request then goes to the new one.
 */
export function createRestartingClient(
  spawn: () => Worker,
  options: ClientOptions = {},
): WorkerClient {
  const listeners = new Set<(message: WorkerMessage) => void>();
  let current: WorkerClient;
  const connect = () => {
    const client = createClientFor(spawn(), options);
    current = client;
    client.subscribe((message) => {
      if (message.type === 'crashed') connect();
      for (const listener of listeners) listener(message);
    });
  };
  connect();
  return {
    request: (type, params, transfer) => current.request(type, params, transfer),
    send: (command) => current.send(command),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => current.terminate(),
  };
}

export function createWorkerClient(testHooks = false, options: ClientOptions = {}): WorkerClient {
  const name = testHooks ? TEST_HOOKS_WORKER_NAME : 'inklab-trainer';
  return createRestartingClient(
    () => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name }),
    options,
  );
}
