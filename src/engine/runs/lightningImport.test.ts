import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csvText';
import { importLightningRun, RunImportError } from './lightningImport';

const csv = [
  'train/loss,epoch,step,train/loss_epoch,train/acc,lr-Adam,validation/loss,validation/acc,test/loss,test/acc',
  '1.5,0,10,,,,,,,',
  ',0,10,1.4,0.5,0.001,,,,',
  ',0,10,,,,1.2,0.6,,',
].join('\n');
const yaml = 'data_class: MNIST\nlr: 0.001\nmax_epochs: 2\nmodel_class: CNN\n';

function refusal(metricsCsv: string, hparamsYaml?: string): string {
  try {
    importLightningRun({ metricsCsv, hparamsYaml, modifiedAt: 0 });
  } catch (error) {
    expect(error).toBeInstanceOf(RunImportError);
    return (error as Error).message;
  }
  throw new Error('the logs were accepted');
}

describe('importLightningRun', () => {
  it('reads an unfinished run: one epoch of two, no test', () => {
    const record = importLightningRun({ metricsCsv: csv, hparamsYaml: yaml, modifiedAt: 5 });
    expect(record).toMatchObject({ status: 'stopped', maxEpochs: 2, startedAt: 5, tags: ['cli'] });
    expect(record.epochs).toEqual([
      {
        epoch: 0,
        step: 10,
        ms: 0,
        metrics: {
          'train/loss': 1.4,
          'train/acc': 0.5,
          lr: 0.001,
          'validation/loss': 1.2,
          'validation/acc': 0.6,
        },
      },
    ]);
    expect(record.test).toBeUndefined();
  });

  it('names the same files the same run, and other files another', () => {
    const a = importLightningRun({ metricsCsv: csv, hparamsYaml: yaml, modifiedAt: 0 });
    const b = importLightningRun({ metricsCsv: csv, hparamsYaml: yaml, modifiedAt: 9 });
    const c = importLightningRun({
      metricsCsv: `${csv}\n2.0,1,20,,,,,,,`,
      hparamsYaml: yaml,
      modifiedAt: 0,
    });
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });

  it('keeps a diverged loss (nan, as Python writes it) and reads quoted cells', () => {
    const record = importLightningRun({
      metricsCsv: 'train/loss,"odd, name",step\nnan,,10\n"2.5",,20\n',
      modifiedAt: 0,
    });
    expect(record.trainLoss.map(([step, , mean]) => [step, mean])).toEqual([
      [10, Number.NaN],
      [20, 2.5],
    ]);
  });

  it('refuses files that are not a run’s logs, saying where and what to do', () => {
    expect(refusal('a,b\n1,2')).toContain('metrics.csv has no step column');
    expect(refusal('train/loss,step\nabc,1')).toBe(
      'metrics.csv row 2, column "train/loss" holds \'abc\', not a number.',
    );
    expect(refusal('train/loss,step\n1,2,3')).toBe(
      'metrics.csv row 2 has 3 cells; its header has 2.',
    );
    expect(refusal('train/loss,step\n1,2.5')).toBe('metrics.csv row 2 has no whole step.');
    expect(refusal('train/loss,step\n"1,2')).toContain('metrics.csv is not CSV');
    expect(refusal(csv, '- a\n- b\n')).toBe(
      'hparams.yaml must map flag names to values (name: value lines).',
    );
    expect(refusal(csv, 'a: &x [1, 2]\nb: *x\n')).toContain('hparams.yaml is not YAML');
    expect(refusal(csv, 'lr: 1\nlr: 2\n')).toContain('hparams.yaml is not YAML');
    expect(refusal(csv, 'max_epochs: 1.5\n')).toBe(
      'These logs do not make a run record: maxEpochs must be an integer 0 to 100000, got 1.5.',
    );
  });

  it('leaves out hparams that are not flag values, and says so', () => {
    const record = importLightningRun({
      metricsCsv: csv,
      hparamsYaml: `${yaml}optimizer_args:\n  betas: [0.9, 0.99]\nempty: null\n`,
      modifiedAt: 0,
    });
    expect(record.config).not.toHaveProperty('optimizer_args');
    expect(record.config).not.toHaveProperty('empty');
    expect(record.log[0]).toEqual({
      level: 'warn',
      text: 'hparams.yaml: left out optimizer_args (not a flag value).',
    });
  });
});

describe('parseCsv', () => {
  it('reads RFC 4180: quotes, doubled quotes, line breaks in cells, CRLF', () => {
    expect(parseCsv('a,"b ""c""","d\ne"\r\n1,,3\n')).toEqual([
      ['a', 'b "c"', 'd\ne'],
      ['1', '', '3'],
    ]);
  });
});
