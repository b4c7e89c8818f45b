/**
 * Dispatches the page's requests to their handlers and answers each with exactly one reply:
 * the result (its big buffers transferred, not copied) or the error's message.
 */
import { errorMessage } from '../engine/errorMessage';
import type { Requests, RequestType, WorkerCommand, WorkerMessage } from './protocol';

/** A result whose listed buffers move to the page instead of being copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

export type RequestHandlers = {
  [K in RequestType]: (
    params: Requests[K]['params'],
  ) => Promise<Requests[K]['result'] | Transfer<Requests[K]['result']>>;
};

export type RequestCommand = Extract<WorkerCommand, { requestId: number }>;

export type Post = (message: WorkerMessage, transfer?: Transferable[]) => void;

export function isRequest(command: WorkerCommand): command is RequestCommand {
  return 'requestId' in command;
}

export function createRequestRouter(
  handlers: RequestHandlers,
  post: Post,
): (command: RequestCommand) => Promise<void> {
  return async ({ type, requestId, params }) => {
    const handler = handlers[type] as
      | ((params: unknown) => Promise<unknown | Transfer<unknown>>)
      | undefined;
    if (!handler) {
      post({ type: 'reply', requestId, ok: false, error: `Unknown request '${type}'.` });
      return;
    }
    let out: unknown;
    try {
      out = await handler(params);
    } catch (error) {
      post({ type: 'reply', requestId, ok: false, error: errorMessage(error) });
      return;
    }
    const [result, transfer] = out instanceof Transfer ? [out.value, out.transfer] : [out, []];
    post({ type: 'reply', requestId, ok: true, result }, transfer);
  };
}
