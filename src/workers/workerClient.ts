/** The page's handle on the training worker: typed requests with promised replies, events. */
import type {
  ControlCommand,
  Requests,
  RequestType,
  WorkerClient,
  WorkerCommand,
  WorkerMessage,
} from './protocol';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  type: RequestType;
}

/** Wraps any Worker-like port (a real Worker in the page, a fake in tests). */
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
    const detail = event.message || 'its script could not be loaded';
    if (heardFrom) {
      // An uncaught error in a worker that already answers does not stop it; show it, go on.
      emit({
        type: 'progress',
        task: 'worker',
        message: `The training worker reported: ${detail}`,
      });
      return;
    }
    // Before any answer: the script failed to load or start, so nothing will ever be answered.
    broken = `The training worker failed to start: ${detail}. Reload the page.`;
    failAll(broken);
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
      worker.postMessage(command);
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

export function createWorkerClient(): WorkerClient {
  return createClientFor(
    new Worker(new URL('./trainer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'inklab-trainer',
    }),
  );
}
