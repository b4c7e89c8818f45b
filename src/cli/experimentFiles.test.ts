/**
 * `npm run experiment` against hostile and unlucky files on disk: crafted checkpoints, foreign
 * export folders, devices, unwritable folders and a kill -9 in the middle of a save.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  truncateSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/format';
import { runExperimentCli as runCli } from '../testing/runCli';

const CLI = ['tsx', 'src/cli/runExperiment.ts'];

const tiny = [
  '--model_class=MLP',
  '--fc1=8',
  '--fc2=8',
  '--batch_size=64',
  '--limit_train_batches=2',
  '--limit_val_batches=1',
  '--limit_test_batches=1',
  '--threads=1',
];

/** Every file under `dir`, as paths relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('npm run experiment and the files it touches', () => {
  const base = mkdtempSync(join(tmpdir(), 'inklab-cli-files-'));
  const firstDir = join(base, 'first');
  let first: { path: string; runName: string };

  beforeAll(async () => {
    const run = await runCli([...tiny, '--max_epochs=1', `--checkpoint_dir=${firstDir}`, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const path = JSON.parse(run.stdout.trim().split('\n').at(-1) as string).checkpoint as string;
    first = { path, runName: decodeCheckpoint(new Uint8Array(readFileSync(path))).meta.runName };
  });

  /** The first run's checkpoint with `edit` applied to its metadata, under a valid CRC. */
  function crafted(
    name: string,
    edit: (meta: ReturnType<typeof decodeCheckpoint>['meta']) => void,
  ) {
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(first.path)));
    edit(checkpoint.meta);
    const path = join(base, name);
    writeFileSync(path, encodeCheckpoint(checkpoint));
    return path;
  }

  it('refuses a checkpoint whose run name is a path, writing nothing outside the folder', async () => {
    const dir = join(base, 'runname', 'deep', 'ckpt');
    mkdirSync(dir, { recursive: true });
    const evil = crafted('runname.ckpt', (meta) => {
      meta.runName = '../../x';
    });
    const run = await runCli([
      ...tiny,
      '--max_epochs=3',
      `--checkpoint_dir=${dir}`,
      `--load_checkpoint=${evil}`,
    ]);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain(
      `${evil} is not a usable Inklab checkpoint: meta.runName is not a run name`,
    );
    expect(files(join(base, 'runname'))).toEqual([]);
  });

  it('ignores saved checkpoints in the resumed state that are not its run’s, deleting none', async () => {
    const dir = join(base, 'state', 'a', 'ckpt');
    mkdirSync(join(dir, 'other-run'), { recursive: true });
    mkdirSync(join(base, 'state', 'victim'));
    writeFileSync(join(base, 'state', 'victim', 'file.txt'), 'victim');
    writeFileSync(join(dir, 'other-run', 'keep.ckpt'), 'another run');
    const hostile = [
      '../../../victim/file.txt',
      `${first.runName}/../../../victim/file.txt`,
      'other-run/keep.ckpt',
      '/etc/hostname',
      `${first.runName}/epoch=0000-x.ckpt/../../../../victim/file.txt`,
    ];
    let injected = 0;
    const evil = crafted('state.ckpt', (meta) => {
      // Worse scores than any real one, so a trusting ModelCheckpoint would evict these first.
      const saved = hostile.map((id, i) => ({ id, score: 1e9 + i, epoch: 0, step: 1 }));
      for (const state of Object.values(meta.callbacks)) {
        if (state && typeof state === 'object' && 'saved' in state) {
          (state as { saved: unknown[] }).saved = saved;
          injected++;
        }
      }
    });
    expect(injected).toBe(1);
    const run = await runCli([
      ...tiny,
      '--max_epochs=3',
      `--checkpoint_dir=${dir}`,
      `--load_checkpoint=${evil}`,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'ModelCheckpoint: ignored 5 saved checkpoint(s) listed in the resumed state',
    );
    expect(readFileSync(join(base, 'state', 'victim', 'file.txt'), 'utf8')).toBe('victim');
    expect(readFileSync(join(dir, 'other-run', 'keep.ckpt'), 'utf8')).toBe('another run');
    expect(
      files(join(base, 'state')).filter((f) => !f.startsWith(`a/ckpt/${first.runName}/`)),
    ).toEqual(['a/ckpt/other-run/keep.ckpt', 'victim/file.txt']);
  });

  it('refuses to export into a foreign non-empty folder unless --overwrite, then replaces its own export', async () => {
    const out = join(base, 'export');
    mkdirSync(out);
    writeFileSync(join(out, 'model.json'), '{"mine": true}');
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const ckpt = `--checkpoint_dir=${join(base, 'export-ckpt')}`;
    const refused = await runCli([...tiny, '--max_epochs=1', ckpt, `--export_tfjs=${out}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `--export_tfjs: ${out} is not empty and is not an earlier Inklab export (it holds notes.txt)`,
    );
    expect(refused.stdout).not.toContain('Validation metrics');
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe('{"mine": true}');

    const replaced = await runCli([
      ...tiny,
      '--max_epochs=1',
      ckpt,
      `--export_tfjs=${out}`,
      '--overwrite',
    ]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(files(out)).toEqual(['model.json', 'weights.bin']);
    const exported = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(exported.userDefinedMetadata.checkpoint).toMatch(/\.ckpt$/);

    const again = await runCli([...tiny, '--max_epochs=1', ckpt, `--export_tfjs=${out}`]);
    expect(again.code, again.stderr).toBe(0);
    expect(files(out)).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(base).filter((name) => name.startsWith('export.'))).toEqual([]);
  });

  it('refuses devices, oversized files and unwritable folders before training', async () => {
    const started = Date.now();
    const device = await runCli(['--load_checkpoint=/dev/zero']);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain(
      '--load_checkpoint /dev/zero is not a regular file (a folder, device or pipe)',
    );
    // Far below a training run; the tsx start takes most of it.
    expect(Date.now() - started).toBeLessThan(60_000);

    const huge = join(base, 'huge.ckpt');
    writeFileSync(huge, '');
    truncateSync(huge, 300e6);
    const big = await runCli([`--load_checkpoint=${huge}`]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(
      `--load_checkpoint ${huge} is 300.0 MB, more than the 256.0 MB allowed`,
    );

    const blocker = join(base, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const unwritable = await runCli([...tiny, `--checkpoint_dir=${join(blocker, 'ckpt')}`]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(
      `--checkpoint_dir ${join(blocker, 'ckpt')} cannot be written (ENOTDIR)`,
    );
    expect(unwritable.stdout).not.toContain('Validation metrics');
  });

  it('after a kill -9 during a save, the previous checkpoint loads and the next start removes the temp file', async () => {
    const dir = join(base, 'killed');
    // Bigger layers make the write long enough to catch; a stopped writer is checked, then killed.
    const big = ['--model_class=MLP', '--fc1=512', '--fc2=512', ...tiny.slice(3)];
    const start = await runCli([...big, '--max_epochs=1', `--checkpoint_dir=${dir}`, '--json']);
    expect(start.code, start.stderr).toBe(0);
    const startPath = JSON.parse(start.stdout.trim().split('\n').at(-1) as string).checkpoint;
    const runDir = dirname(startPath);
    // Resuming changes only --max_epochs, as a resume may.
    const args = ['--max_epochs=30'];
    const child: ChildProcess = spawn(
      'npx',
      [
        ...CLI,
        ...args,
        `--checkpoint_dir=${dir}`,
        `--load_checkpoint=${startPath}`,
        `--log_dir=${join(base, 'logs')}`,
      ],
      {
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const stale = await new Promise<string | undefined>((resolve) => {
      const watcher = watch(runDir, (_, name) => {
        const pid = name && /\.(\d+)-[0-9a-f]{8}\.inklab-tmp$/.exec(name)?.[1];
        // The second save or later, so that an earlier checkpoint of this run is complete.
        if (!pid || !files(runDir).some((file) => file.endsWith('.ckpt'))) return;
        process.kill(Number(pid), 'SIGSTOP');
        if (existsSync(join(runDir, name))) {
          process.kill(Number(pid), 'SIGKILL');
          watcher.close();
          resolve(join(runDir, name));
        } else process.kill(Number(pid), 'SIGCONT');
      });
      exited.then(() => {
        watcher.close();
        resolve(undefined);
      });
    });
    await exited;
    expect(stale, 'the writer was never caught mid-save').toBeDefined();
    expect(existsSync(stale as string)).toBe(true);
    const saved = files(runDir).filter((name) => name.endsWith('.ckpt'));
    expect(saved.length).toBeGreaterThan(0);
    const previous = join(runDir, saved.at(-1) as string);
    const { epoch } = decodeCheckpoint(new Uint8Array(readFileSync(previous))).meta;

    const resumed = await runCli([
      `--max_epochs=${epoch + 2}`,
      `--checkpoint_dir=${dir}`,
      `--load_checkpoint=${previous}`,
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Removed ${stale}, left by an interrupted write.`);
    expect(existsSync(stale as string)).toBe(false);
    expect(dirname(stale as string)).toBe(runDir);
  });
});
