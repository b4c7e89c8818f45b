import { describe, expect, it } from 'vitest';
import type { WorkerCommand, WorkerMessage } from './protocol';
import { createClientFor, createRestartingClient } from './workerClient';

/** A Worker stand-in: records what the page posts and lets the test answer. */
class FakeWorker extends EventTarget {
  posted: WorkerCommand[] = [];
  terminated = false;
  postMessage(command: WorkerCommand) {
    this.posted.push(command);
  }
  reply(message: WorkerMessage) {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  terminate() {
    this.terminated = true;
  }
}

function setup() {
  const worker = new FakeWorker();
  const client = createClientFor(worker as unknown as Worker);
  return { worker, client };
}

describe('createClientFor', () => {
  it('matches replies to requests by id and passes every message to subscribers', async () => {
    const { worker, client } = setup();
    const seen: string[] = [];
    const off = client.subscribe((m) => seen.push(m.type));
    const a = client.request('listCheckpoints', {});
    const b = client.request('deleteCheckpoint', { id: 'x' });
    const [first, second] = worker.posted as Extract<WorkerCommand, { requestId: number }>[];
    expect(first).toEqual({ type: 'listCheckpoints', requestId: 1, params: {} });
    worker.reply({ type: 'reply', requestId: second.requestId, ok: false, error: 'gone' });
    worker.reply({ type: 'reply', requestId: first.requestId, ok: true, result: [] });
    await expect(a).resolves.toEqual([]);
    await expect(b).rejects.toThrow('gone');
    off();
    worker.reply({ type: 'progress', task: 't', message: 'm' });
    expect(seen).toEqual(['reply', 'reply']);
  });

  it('rejects pending and later requests when the worker fails to start', async () => {
    const { worker, client } = setup();
    const pending = client.request('init', {});
    worker.dispatchEvent(Object.assign(new Event('error'), { message: 'SyntaxError: x' }));
    await expect(pending).rejects.toThrow(
      "The training worker failed to start: SyntaxError: x. Reload the page. (request 'init' got no answer)",
    );
    await expect(client.request('listDatasets', {})).rejects.toThrow(/failed to start/);
  });

  it('treats a later uncaught worker error as a crash: terminated, every request rejected', async () => {
    const { worker, client } = setup();
    const seen: WorkerMessage[] = [];
    client.subscribe((m) => seen.push(m));
    worker.reply({ type: 'progress', task: 't', message: 'hello' });
    const pending = client.request('listDatasets', {});
    worker.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: oops' }));
    const reason = 'The training worker crashed (Uncaught Error: oops)';
    await expect(pending).rejects.toThrow(`${reason} (request 'listDatasets' got no answer)`);
    await expect(client.request('listCheckpoints', {})).rejects.toThrow(reason);
    expect(worker.terminated).toBe(true);
    expect(seen.at(-1)).toEqual({ type: 'crashed', reason });
    client.send({ type: 'stop' });
    expect(worker.posted).toHaveLength(1);
  });

  it('restarts a crashed worker before telling subscribers, so their requests reach the new one', async () => {
    const workers: FakeWorker[] = [];
    const client = createRestartingClient(() => {
      workers.push(new FakeWorker());
      return workers.at(-1) as unknown as Worker;
    });
    const retried: Promise<unknown>[] = [];
    client.subscribe((m) => {
      if (m.type === 'crashed') retried.push(client.request('listCheckpoints', {}));
    });
    const lost = client.request('listDatasets', {});
    workers[0].reply({ type: 'progress', task: 't', message: 'up' });
    workers[0].dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
    await expect(lost).rejects.toThrow(/crashed \(boom\)/);
    expect(workers).toHaveLength(2);
    const [request] = workers[1].posted as Extract<WorkerCommand, { requestId: number }>[];
    expect(request.type).toBe('listCheckpoints');
    workers[1].reply({ type: 'reply', requestId: request.requestId, ok: true, result: [] });
    await expect(retried[0]).resolves.toEqual([]);
  });

  it('sends control commands as they are and terminates cleanly', async () => {
    const { worker, client } = setup();
    client.send({ type: 'pause' });
    const pending = client.request('listDatasets', {});
    client.terminate();
    expect(worker.posted[0]).toEqual({ type: 'pause' });
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow(/was stopped/);
  });
});
