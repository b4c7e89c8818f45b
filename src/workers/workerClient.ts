/** The page's handle on the training worker: typed requests with promised replies, events. */
import {
  type ControlCommand,
  type Requests,
  type RequestType,
  TEST_HOOKS_WORKER_NAME,
  type WorkerClient,
  type WorkerCommand,
  type WorkerMessage,
} from './protocol';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  type: RequestType;
}

/**
 * Wraps any Worker-like port (a real Worker in the page, a fake in tests). An uncaught error in
 * a worker that already answered is a crash: the worker is terminated (whatever it still does
 * cannot be trusted), every pending and later request is rejected with the reason, and
 * subscribers get a `crashed` message.
 */
export function createClientFor(worker: Worker): WorkerClient {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(message: WorkerMessage) => void>();
  let nextId = 1;
  let broken: string | undefined;

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

  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    heardFrom = true;
    const message = event.data;
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
    broken = `The training worker crashed (${detail})`;
    worker.terminate();
    failAll(broken);
    emit({ type: 'crashed', reason: broken });
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
      failAll('The training worker was stopped');
      worker.terminate();
    },
  };
}

/**
 * A client that outlives its worker: after a crash a fresh worker is started (from `spawn`)
 * before subscribers hear `crashed`, so what they request then goes to the new one.
 */
export function createRestartingClient(spawn: () => Worker): WorkerClient {
  const listeners = new Set<(message: WorkerMessage) => void>();
  let current: WorkerClient;
  const connect = () => {
    const client = createClientFor(spawn());
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

export function createWorkerClient(testHooks = false): WorkerClient {
  const name = testHooks ? TEST_HOOKS_WORKER_NAME : 'inklab-trainer';
  return createRestartingClient(
    () => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name }),
  );
}
