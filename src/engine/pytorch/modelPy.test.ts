import { describe, expect, it } from 'vitest';
import { MODEL_CASES } from '../../testing/trainedCheckpoint';
import { modelClasses } from '../models/registry';
import { PYTORCH_MODEL_CLASSES } from './modelPy';

describe('the exports cover every model class', () => {
  it('model.py defines each model class, and the PyTorch and ONNX export tests train each', () => {
    const names = Object.keys(modelClasses);
    expect(PYTORCH_MODEL_CLASSES).toEqual(names);
    expect(MODEL_CASES.map(([name]) => name)).toEqual(names);
  });
});
