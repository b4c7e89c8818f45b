import { csvText } from '../csvText';

/** One logged row: metric values with the epoch and step they belong to. */
export type MetricsRow = Record<string, number>;

/**
 * Lightning's CSVLogger table: one row per log call, the columns every key seen so far in the
 * order first seen, a value missing from a row left empty.
 */
export class MetricsCsv {
  private readonly rows: MetricsRow[] = [];
  private readonly keys: string[] = [];

  add(row: MetricsRow): void {
    for (const key of Object.keys(row)) if (!this.keys.includes(key)) this.keys.push(key);
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  text(): string {
    return csvText(
      this.keys,
      this.rows.map((row) => this.keys.map((key) => row[key])),
    );
  }
}
