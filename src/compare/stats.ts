/**
 * Small, dependency-free statistics for comparing a few noisy rounds per build: medians, a seeded
 * bootstrap confidence interval of the relative difference of medians, and the Mann-Whitney U test
 * (exact distribution for small samples without ties, normal approximation with tie and continuity
 * correction otherwise — the same choices as scipy's `mannwhitneyu(method='auto')`).
 */

/** Median of a non-empty list (mean of the two middle values for even lengths); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Quantile with linear interpolation between closest ranks (numpy's default); `q` in [0, 1]. */
export function quantile(sortedValues: readonly number[], q: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const pos = (sortedValues.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sortedValues[lo]!;
  const b = sortedValues[hi]!;
  return a + (b - a) * (pos - lo);
}

/** Coefficient of variation (sample standard deviation / mean); 0 for fewer than 2 values. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / Math.abs(mean);
}

/** Relative difference `(candidate - baseline) / baseline`; null when the baseline is 0 (no ratio exists). */
export function relativeDifference(baseline: number, candidate: number): number | null {
  if (baseline === 0 || !Number.isFinite(baseline) || !Number.isFinite(candidate)) return null;
  return (candidate - baseline) / Math.abs(baseline);
}

/** A seeded PRNG (mulberry32): the same seed gives the same sequence, so reports are reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A confidence interval of the relative difference of medians (fractions, e.g. 0.12 = +12 %). */
export interface ConfidenceInterval {
  low: number;
  high: number;
  /** e.g. 0.95. */
  level: number;
  /** Resamples that produced a ratio (a resampled baseline median of 0 has none). */
  resamples: number;
}

/** Options of {@link bootstrapRelativeDifference}. */
export interface BootstrapOptions {
  /** @default 2000 */
  resamples?: number;
  /** @default 0.95 */
  level?: number;
  /** PRNG seed. @default 20240601 */
  seed?: number;
}

function resampleMedian(
  values: readonly number[],
  random: () => number,
  scratch: number[],
): number {
  for (let i = 0; i < values.length; i += 1)
    scratch[i] = values[Math.floor(random() * values.length)]!;
  return median(scratch);
}

/**
 * Percentile bootstrap of `(median(candidate) - median(baseline)) / median(baseline)`: both samples are
 * resampled with replacement independently. Returns null when either side is empty or no resample had a
 * non-zero baseline median.
 */
export function bootstrapRelativeDifference(
  baseline: readonly number[],
  candidate: readonly number[],
  options: BootstrapOptions = {},
): ConfidenceInterval | null {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (baseline.length === 0 || candidate.length === 0) return null;
  const random = createRandom(options.seed ?? 20240601);
  const b: number[] = new Array<number>(baseline.length);
  const c: number[] = new Array<number>(candidate.length);
  const diffs: number[] = [];
  for (let i = 0; i < resamples; i += 1) {
    const mb = resampleMedian(baseline, random, b);
    const mc = resampleMedian(candidate, random, c);
    const d = relativeDifference(mb, mc);
    if (d !== null) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  diffs.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return {
    low: quantile(diffs, tail),
    high: quantile(diffs, 1 - tail),
    level,
    resamples: diffs.length,
  };
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U statistic of the first sample (scipy's convention). */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'asymptotic';
  /** Smallest two-sided p-value these sample sizes can produce (exact test): below alpha or the test is blind. */
  minAttainablePValue: number;
}

function ranks(values: readonly number[]): { ranks: number[]; tieTerm: number; hasTies: boolean } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  let tieTerm = 0;
  let hasTies = false;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j += 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) out[order[k]![1]] = rank;
    const t = j - i + 1;
    if (t > 1) {
      hasTies = true;
      tieTerm += t ** 3 - t;
    }
    i = j + 1;
  }
  return { ranks: out, tieTerm, hasTies };
}

/** Counts of the U statistic's exact null distribution for sizes n1, n2 (index = U). */
function exactUDistribution(n1: number, n2: number): number[] {
  // f(i, j, u): arrangements of i x's and j y's with statistic u; f(i,j,u) = f(i-1,j,u-j) + f(i,j-1,u).
  let prev: number[][] = [];
  for (let i = 0; i <= n1; i += 1) {
    const row: number[][] = [];
    for (let j = 0; j <= n2; j += 1) {
      const dist = new Array<number>(i * j + 1).fill(0);
      if (i === 0 || j === 0) dist[0] = 1;
      else {
        const a = prev[j]!;
        const b = row[j - 1]!;
        for (let u = 0; u < dist.length; u += 1)
          dist[u] = (u - j >= 0 ? (a[u - j] ?? 0) : 0) + (b[u] ?? 0);
      }
      row.push(dist);
    }
    prev = row;
  }
  return prev[n2]!;
}

function normalSf(z: number): number {
  // Upper tail of the standard normal via erfc.
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Numerical Recipes' erfcc: fractional error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Largest n1*n2 for which the exact distribution is used (when there are no ties). */
const EXACT_LIMIT = 400;

/**
 * Two-sided Mann-Whitney U test of `x` against `y`. Exact when there are no ties and the samples are
 * small (n1·n2 ≤ 400); otherwise the normal approximation with tie correction and continuity correction.
 * Both samples must be non-empty.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const { ranks: r, tieTerm, hasTies } = ranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i += 1) r1 += r[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const total = n1 * n2;
  const mean = total / 2;
  const dist = total <= EXACT_LIMIT ? exactUDistribution(n1, n2) : null;
  let minAttainablePValue: number;
  if (dist) {
    const all = dist.reduce((s, v) => s + v, 0);
    minAttainablePValue = Math.min(1, (2 * dist[0]!) / all);
  } else {
    minAttainablePValue = 0;
  }
  if (dist && !hasTies) {
    const all = dist.reduce((s, v) => s + v, 0);
    const uMax = Math.max(u1, total - u1);
    let upper = 0;
    for (let u = Math.ceil(uMax); u <= total; u += 1) upper += dist[u]!;
    return { u: u1, pValue: Math.min(1, (2 * upper) / all), method: 'exact', minAttainablePValue };
  }
  const n = n1 + n2;
  const variance = (total / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u: u1, pValue: 1, method: 'asymptotic', minAttainablePValue };
  const uMax = Math.max(u1, total - u1);
  const z = (uMax - mean - 0.5) / Math.sqrt(variance);
  return { u: u1, pValue: Math.min(1, 2 * normalSf(z)), method: 'asymptotic', minAttainablePValue };
}
