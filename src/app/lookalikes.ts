import { LOOK_ALIKE_GROUPS } from '../engine/metrics/lookAlikes';

/** The look-alikes of the top class that also appear among the top classes (top first). */
export function lookalikesIn(labels: readonly string[]): string[] | undefined {
  const [first, ...rest] = labels;
  const group = LOOK_ALIKE_GROUPS.find((g) => g.includes(first));
  if (!group) return undefined;
  const others = rest.filter((label) => group.includes(label));
  return others.length > 0 ? [first, ...others] : undefined;
}
