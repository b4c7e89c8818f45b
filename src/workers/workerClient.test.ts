import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Heartbeat, WorkerCommand, WorkerMessage } from './protocol';
import { createClientFor, createRestartingClient } from './workerClient';

/** A Worker stand-in: records what the page posts and lets the test answer. */
class FakeWorker extends EventTarget {
  posted: WorkerCommand[] = [];
  terminated = false;
  postMessage(command: WorkerCommand) {
    this.posted.push(command);
  }
  reply(message: WorkerMessage | Heartbeat) {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  terminate() {
    this.terminated = true;
  }
}

function setup(silenceTimeoutMs?: number) {
  const worker = new FakeWorker();
  const client = createClientFor(worker as unknown as Worker, { silenceTimeoutMs });
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

describe('the watchdog on a worker that stops answering', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const hung =
    'The training worker stopped responding for 2 s and was stopped (it may be stuck in an endless loop)';

  it('keeps a worker alive while heartbeats arrive, and treats silence as a crash', async () => {
    const { worker, client } = setup(2000);
    const seen: WorkerMessage[] = [];
    client.subscribe((m) => seen.push(m));
    worker.reply({ type: 'heartbeat' });
    for (let second = 0; second < 10; second++) {
      vi.advanceTimersByTime(1000);
      worker.reply({ type: 'heartbeat' });
    }
    expect(worker.terminated).toBe(false);
    expect(seen, 'heartbeats stay in the client').toEqual([]);

    const pending = client.request('listDatasets', {});
    vi.advanceTimersByTime(1999);
    expect(worker.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow(`${hung} (request 'listDatasets' got no answer)`);
    await expect(client.request('listCheckpoints', {})).rejects.toThrow(hung);
    expect(seen).toEqual([{ type: 'crashed', reason: hung }]);
  });

  it('counts any message as a sign of life', () => {
    const { worker, client } = setup(2000);
    worker.reply({ type: 'heartbeat' });
    vi.advanceTimersByTime(1500);
    worker.reply({ type: 'progress', task: 't', message: 'still here' });
    vi.advanceTimersByTime(1500);
    expect(worker.terminated).toBe(false);
    client.terminate();
  });

  it('waits for the first message before watching, and stops watching when terminated', () => {
    const { worker, client } = setup(2000);
    const seen: WorkerMessage[] = [];
    client.subscribe((m) => seen.push(m));
    vi.advanceTimersByTime(10_000);
    expect(worker.terminated, 'a worker still loading its script').toBe(false);
    worker.reply({ type: 'heartbeat' });
    client.terminate();
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });

  it('lets an EMNIST import be silent for as long as it parses', async () => {
    const { worker, client } = setup(2000);
    worker.reply({ type: 'heartbeat' });
    const parsing = client.request('importEmnist', { files: [] });
    vi.advanceTimersByTime(60_000);
    expect(worker.terminated).toBe(false);
    const [request] = worker.posted as Extract<WorkerCommand, { requestId: number }>[];
    worker.reply({ type: 'reply', requestId: request.requestId, ok: true, result: 'EMNIST' });
    await expect(parsing).resolves.toBe('EMNIST');
    vi.advanceTimersByTime(2000);
    expect(worker.terminated, 'silence after the import is a hang again').toBe(true);
  });

  it('restarts a hung worker, as a crashed one', () => {
    const workers: FakeWorker[] = [];
    const client = createRestartingClient(
      () => {
        workers.push(new FakeWorker());
        return workers.at(-1) as unknown as Worker;
      },
      { silenceTimeoutMs: 2000 },
    );
    const seen: WorkerMessage[] = [];
    client.subscribe((m) => seen.push(m));
    workers[0].reply({ type: 'heartbeat' });
    vi.advanceTimersByTime(2000);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(seen).toEqual([{ type: 'crashed', reason: hung }]);
    client.send({ type: 'pause' });
    expect(workers[1].posted).toEqual([{ type: 'pause' }]);
    client.terminate();
  });
});
