/**
 * Generated EMNISTLines lines for the Lines section. One small line set is kept (the last asked
 * for) and replaced when the parameters change, so previews never hold several glyph datasets.
 */
import { EMNISTLinesDataModule } from '../engine/data/emnistLinesDataModule';
import type { DatasetSource } from '../engine/data/types';
import type { LineImage, LinePreviewParams } from './protocol';

export const MAX_PREVIEW_LINES = 16;

/** The params checked, as EMNISTLines options; lines come from a tiny set's test split. */
export function previewOptions(params: LinePreviewParams) {
  const {
    count,
    glyph_source: glyphSource = 'MNIST',
    min_overlap = 0,
    max_overlap = 0.33,
  } = params;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PREVIEW_LINES) {
    throw new Error(`count must be a whole number from 1 to ${MAX_PREVIEW_LINES}, got ${count}.`);
  }
  const inRange = (v: number) => Number.isFinite(v) && v >= 0 && v < 1;
  if (!inRange(min_overlap) || !inRange(max_overlap) || min_overlap > max_overlap) {
    throw new Error(
      `Overlaps must satisfy 0 <= min_overlap <= max_overlap < 1, got ${min_overlap} and ${max_overlap}.`,
    );
  }
  return {
    glyphSource,
    minOverlap: min_overlap,
    maxOverlap: max_overlap,
    // Only the test split is shown; the others are as small as the module allows.
    numTrain: 1,
    numVal: 1,
    numTest: MAX_PREVIEW_LINES,
  };
}

export class LinePreviews {
  private current?: { key: string; module: Promise<EMNISTLinesDataModule> };

  constructor(private readonly source: DatasetSource) {}

  async lines(params: LinePreviewParams): Promise<LineImage[]> {
    const options = previewOptions(params);
    const key = JSON.stringify(options);
    if (this.current?.key !== key) {
      const previous = this.current?.module;
      const module = (async () => {
        const lines = new EMNISTLinesDataModule(this.source, options);
        await lines.prepareData();
        await lines.setup();
        return lines;
      })();
      this.current = { key, module };
      // The replaced set's glyphs are freed; a failed one is forgotten so a retry rebuilds it.
      previous?.then(
        (m) => m.dispose(),
        () => undefined,
      );
      module.catch(() => {
        if (this.current?.module === module) this.current = undefined;
      });
    }
    const module = await this.current.module;
    return Array.from({ length: params.count }, (_, i) => {
      const { image, text } = module.example('test', i);
      return { image, text };
    });
  }
}
