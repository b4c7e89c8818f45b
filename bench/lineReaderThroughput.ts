import { availableParallelism, loadavg } from 'node:os';
import { DEFAULT_OUT_DIR } from '../src/cli/datasetsArgs';
import type { GlyphSource } from '../src/engine/data/dataFlags';
import { EMNISTLinesDataModule } from '../src/engine/data/emnistLinesDataModule';
import type { DatasetSource } from '../src/engine/data/types';
import { classFlagDefaults } from '../src/engine/flagSpec';
import { LitModel } from '../src/engine/lit/litModel';
import { modelFlagSets } from '../src/engine/models/modelFlags';
import { modelClass } from '../src/engine/models/registry';
import { FileDatasetSource } from '../src/node/fileDatasetSource';
import { initWasmWithThreads } from '../src/node/wasmThreads';
import { emnistTestSource } from '../src/testing/emnistFixture';
import { trainSteps } from './microBatchThroughput';

const BATCH = 32;

export interface LineReaderThroughput {
  /** LineCNNTransformer with CTC at batch 32 and its default flags. */
  line_cnn_transformer_ctc_batch_32_lines_per_s: number;
  /** The lab's LineCNN with CTC at batch 32, its default flags, alternated with the above. */
  line_cnn_ctc_batch_32_lines_per_s: number;
  line_cnn_transformer_vs_line_cnn_ratio: number;
}

/**
 * The fast line reader's training throughput beside LineCNN's, in alternating rounds of
 * `batches` steps after a warm-up step each, on the backend already started.
 */
export async function measureLineReaderThroughput(
  source: DatasetSource,
  glyphSource: GlyphSource,
  batches: number,
  rounds: number,
): Promise<LineReaderThroughput> {
  const data = new EMNISTLinesDataModule(source, {
    glyphSource,
    numTrain: BATCH * batches * rounds + BATCH,
    numVal: 1,
    numTest: 1,
  });
  await data.setup();
  const module = (name: string) => {
    const args = classFlagDefaults(modelFlagSets[name]);
    return new LitModel(modelClass(name).build(data.config(), args, 1), {
      optimizer: 'adam',
      lr: 1e-3,
      oneCycleTotalSteps: 100,
      loss: 'ctc',
    });
  };
  const [reader, lineCnn] = [module('LineCNNTransformer'), module('LineCNN')];
  await trainSteps(reader, data, 1, 0, BATCH);
  await trainSteps(lineCnn, data, 1, 0, BATCH);
  let [readerSeconds, lineCnnSeconds] = [0, 0];
  for (let round = 0; round < rounds; round++) {
    readerSeconds += await trainSteps(reader, data, batches, 1 + round * batches, BATCH);
    lineCnnSeconds += await trainSteps(lineCnn, data, batches, 1 + round * batches, BATCH);
  }
  reader.dispose();
  lineCnn.dispose();
  data.dispose();
  const lines = batches * rounds * BATCH;
  return {
    line_cnn_transformer_ctc_batch_32_lines_per_s: lines / readerSeconds,
    line_cnn_ctc_batch_32_lines_per_s: lines / lineCnnSeconds,
    line_cnn_transformer_vs_line_cnn_ratio: lineCnnSeconds / readerSeconds,
  };
}

/**
 * `npm run bench -- --line-reader`: the line readers' throughput alone, on wasm with every
 * core, with EMNIST glyphs where the shared split is here and MNIST digits otherwise.
 */
export async function runLineReaderBench(progress: (line: string) => void): Promise<void> {
  const hardware = await initWasmWithThreads(availableParallelism());
  const shared = await emnistTestSource();
  const source = shared ?? new FileDatasetSource(DEFAULT_OUT_DIR);
  const glyphs: GlyphSource = shared ? 'EMNIST' : 'MNIST';
  const start = loadavg();
  progress(`LineCNNTransformer and LineCNN with CTC at batch 32, ${glyphs} glyphs, alternated`);
  const throughput = await measureLineReaderThroughput(source, glyphs, 3, 3);
  const results = {
    date: new Date().toISOString(),
    backend: hardware.description,
    glyph_source: glyphs,
    load_average_start: start,
    ...throughput,
    load_average_end: loadavg(),
  };
  console.log(JSON.stringify(results, null, 2));
}
