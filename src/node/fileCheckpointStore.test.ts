import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointIdError } from '../engine/checkpoint/checkpointId';
import { encodeCheckpoint } from '../engine/checkpoint/format';
import { createRng, type Rng } from '../engine/data/rng';
import type { TrainerEvent } from '../engine/events';
import { ModelCheckpoint, type SavedCheckpoint } from '../engine/lit/modelCheckpoint';
import { createTestExperiment } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { FileCheckpointStore, OutsideStoreError } from './fileCheckpointStore';

/** Every path under `dir` (links not followed) with what it holds: bytes' hash or link target. */
async function tree(dir: string, skip: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (path: string): Promise<void> => {
    if (path === skip) return;
    const info = await lstat(path);
    if (info.isSymbolicLink()) found.set(path, `link ${await readlink(path)}`);
    else if (info.isDirectory()) {
      found.set(path, 'dir');
      for (const name of readdirSync(path)) await walk(join(path, name));
    } else found.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  };
  await walk(dir);
  return found;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.nextInt(items.length)] as T;

describe('FileCheckpointStore under crafted ids, states and links (property test)', () => {
  const base = mkdtempSync(join(tmpdir(), 'inklab-store-prop-'));
  const root = join(base, 'root');
  const run = 'MLP-MNIST-prop';
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  beforeAll(useWasmBackend);

  it('no sequence of saves, loads, resumes and evictions touches a path outside the root', async () => {
    // Sentinels around the root: a victim folder, a sibling whose name extends the root's, the parent.
    mkdirSync(join(base, 'victim'));
    writeFileSync(join(base, 'victim', 'file.txt'), 'victim');
    writeFileSync(join(base, 'victim', 'a.ckpt'), 'victim checkpoint');
    mkdirSync(join(base, 'root2'));
    writeFileSync(join(base, 'root2', 'a.ckpt'), 'sibling');
    writeFileSync(join(base, 'sentinel.txt'), 'parent');
    // Inside the root: another run's checkpoint, and links that lead out.
    mkdirSync(join(root, 'other-run'), { recursive: true });
    writeFileSync(join(root, 'other-run', 'keep.ckpt'), 'another run');
    symlinkSync(join(base, 'victim'), join(root, 'linked-run'));
    symlinkSync(join(base, 'nothere'), join(root, 'dangling-run'));
    mkdirSync(join(root, run));
    symlinkSync(join(base, 'victim', 'a.ckpt'), join(root, run, 'epoch=0099-link.ckpt'));
    const outsideBefore = await tree(base, root);

    const store = new FileCheckpointStore(root);
    const events: TrainerEvent[] = [];
    const { experiment } = createTestExperiment(
      { data_class: 'MNIST', model_class: 'MLP', fc1: '4', fc2: '4', batch_size: '8' },
      { store, onEvent: (event) => events.push(event) },
    );
    const trainer = experiment.trainer;
    trainer.module = await experiment.buildModule();
    trainer.dataModule = experiment.dataModule;
    const bytes = encodeCheckpoint(await trainer.snapshot({}));

    const hostileIds = [
      '../../x/a.ckpt',
      '../victim/file.txt',
      `${run}/../../victim/a.ckpt`,
      'a/../../b.ckpt',
      `${join(base, 'victim')}/a.ckpt`,
      join(base, 'victim', 'a.ckpt'),
      '../root2/a.ckpt',
      `${run}/..`,
      '',
    ];
    const linkedIds = ['linked-run/a.ckpt', 'linked-run/file.ckpt', 'dangling-run/a.ckpt'];
    const validIds = [`${run}/epoch=0001-x.ckpt`, `${run}/epoch=0002-x.ckpt`, 'fresh-run/a.ckpt'];
    const stateIds = [
      ...hostileIds,
      ...linkedIds,
      ...validIds,
      'other-run/keep.ckpt',
      `${run}/epoch=0099-link.ckpt`,
    ];
    // Mostly well-formed entries (so they rank among the kept and get evicted) with crafted ids.
    const craftedEntry = (rng: Rng): unknown =>
      rng.next() < 0.7
        ? { id: pick(rng, stateIds), score: rng.next(), epoch: 1, step: 2 }
        : pick(rng, [
            { id: `${run}/epoch=0003-x.ckpt`, score: Number.NaN, epoch: 1, step: 2 },
            { id: `${run}/epoch=0003-x.ckpt`, score: 0.5, epoch: -5, step: 2 },
            { id: `${run}/epoch=0003-x.ckpt`, score: '0.1', epoch: 1.5, step: 2 },
            null,
            pick(rng, stateIds),
          ]);

    let checkpoint = new ModelCheckpoint({ store, dirpath: run, saveTopK: 2 });
    const expectedRefusals = (error: unknown) =>
      error instanceof CheckpointIdError ||
      error instanceof OutsideStoreError ||
      /Cannot read checkpoint .* does not exist/.test((error as Error).message);
    const refusals = { id: 0, outside: 0, ok: 0 };
    const attempt = async (action: () => Promise<unknown>) => {
      try {
        await action();
        refusals.ok++;
      } catch (error) {
        expect(expectedRefusals(error), String(error)).toBe(true);
        if (error instanceof CheckpointIdError) refusals.id++;
        if (error instanceof OutsideStoreError) refusals.outside++;
      }
    };

    for (let seed = 1; seed <= 25; seed++) {
      const rng = createRng(seed);
      for (let op = 0; op < 20; op++) {
        const anyId = () => pick(rng, [...hostileIds, ...linkedIds, ...validIds]);
        switch (rng.nextInt(7)) {
          case 0:
            await attempt(() => store.save(anyId(), bytes));
            break;
          case 1:
            await attempt(() => store.load(anyId()));
            break;
          case 2:
            await attempt(() => store.remove(anyId()));
            break;
          case 3: {
            // A resume: the state of a stored checkpoint, with crafted entries mixed in.
            const own = checkpoint.stateDict() as { saved: SavedCheckpoint[] };
            const saved = [...own.saved, ...Array.from({ length: 4 }, () => craftedEntry(rng))];
            checkpoint = new ModelCheckpoint({ store, dirpath: run, saveTopK: 2 });
            checkpoint.loadStateDict(pick(rng, [{ saved }, { saved: 'all' }, saved, null]));
            await attempt(() => checkpoint.onFitStart(trainer));
            break;
          }
          case 4:
          case 5:
            // A validation end: saves, and evicts once more than saveTopK are kept.
            await checkpoint.onValidationEnd(trainer, rng.nextInt(5), {
              'validation/loss': rng.next(),
            });
            break;
          default:
            expect(
              () => new ModelCheckpoint({ store, dirpath: pick(rng, ['../../x', '/abs', 'a/b']) }),
            ).toThrow(CheckpointIdError);
        }
      }
    }
    experiment.dispose();

    expect(await tree(base, root)).toEqual(outsideBefore);
    expect(readFileSync(join(root, 'other-run', 'keep.ckpt'), 'utf8')).toBe('another run');
    // Every kind of outcome happened, so the sequences exercised what they claim to.
    expect(refusals.id).toBeGreaterThan(0);
    expect(refusals.outside).toBeGreaterThan(0);
    expect(refusals.ok).toBeGreaterThan(0);
    const removed = events.flatMap((e) => (e.type === 'checkpointRemoved' ? [e.id] : []));
    expect(removed.length).toBeGreaterThan(0);
    for (const id of removed) expect(id.startsWith(`${run}/`), id).toBe(true);
    expect(events.some((e) => e.type === 'log' && e.message.includes('ignored'))).toBe(true);
    for (const { id } of checkpoint.checkpoints) expect(id.startsWith(`${run}/`)).toBe(true);
  });
});
