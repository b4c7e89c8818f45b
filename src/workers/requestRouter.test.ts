import { describe, expect, it } from 'vitest';
import type { WorkerMessage } from './protocol';
import { createRequestRouter, type RequestHandlers, Transfer } from './requestRouter';

function router(handlers: Partial<RequestHandlers>) {
  const sent: { message: WorkerMessage; transfer?: Transferable[] }[] = [];
  const route = createRequestRouter(handlers as RequestHandlers, (message, transfer) =>
    sent.push({ message, transfer }),
  );
  return { route, sent };
}

describe('createRequestRouter', () => {
  it('replies with the result and transfers the buffers a handler names', async () => {
    const bytes = new ArrayBuffer(8);
    const { route, sent } = router({
      listCheckpoints: async () => ({ list: [], unreadable: [] }),
      exportCheckpoint: async () =>
        new Transfer({ files: [{ name: 'a.ckpt', mime: 'x', bytes }] }, [bytes]),
    });
    await route({ type: 'listCheckpoints', requestId: 1, params: {} });
    await route({ type: 'exportCheckpoint', requestId: 2, params: { id: 'a', format: 'ckpt' } });
    expect(sent[0]).toEqual({
      message: { type: 'reply', requestId: 1, ok: true, result: { list: [], unreadable: [] } },
      transfer: [],
    });
    expect(sent[1].message).toEqual({
      type: 'reply',
      requestId: 2,
      ok: true,
      result: { files: [{ name: 'a.ckpt', mime: 'x', bytes }] },
    });
    expect(sent[1].transfer).toEqual([bytes]);
  });

  it("replies ok:false with the handler's message", async () => {
    const { route, sent } = router({
      deleteCheckpoint: async () => {
        throw new Error('The checkpoint "x" does not exist.');
      },
    });
    await route({ type: 'deleteCheckpoint', requestId: 7, params: { id: 'x' } });
    expect(sent).toEqual([
      {
        message: {
          type: 'reply',
          requestId: 7,
          ok: false,
          error: 'The checkpoint "x" does not exist.',
        },
      },
    ]);
  });

  it('answers an unknown request instead of leaving it pending', async () => {
    const { route, sent } = router({});
    await route({ type: 'nonsense', requestId: 3, params: {} } as never);
    expect(sent[0].message).toEqual({
      type: 'reply',
      requestId: 3,
      ok: false,
      error: "Unknown request 'nonsense'.",
    });
  });
});
