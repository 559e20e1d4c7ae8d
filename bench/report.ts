/** One benchmark result line, as DESIGN.md defines it. */
export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** The physical floor or the bare tool, measured in the same run; null when there is none. */
  baseline: number | null;
  ratio: number | null;
}

export function report(bench: string, metric: string, value: number, unit: string, baseline: number | null = null): BenchLine {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const line: BenchLine = {
    bench,
    metric,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? round(value / baseline) : null,
  };
  console.log(JSON.stringify(line));
  return line;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
