import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapRelativeDifference,
  coefficientOfVariation,
  createRandom,
  mannWhitneyU,
  median,
  quantile,
} from '../../src/compare/stats.js';

const close = (actual: number, expected: number, tolerance: number): void =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );

describe('median and quantile', () => {
  it('takes the middle value or the mean of the two middle values', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile([10, 20], 0.25), 12.5);
  });
  it('gives the coefficient of variation with the sample standard deviation', () => {
    close(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]), 2.138089935 / 5, 1e-9);
    assert.equal(coefficientOfVariation([5]), 0);
  });
});

describe('Mann-Whitney U (values from scipy.stats.mannwhitneyu 1.17)', () => {
  it('exact: scipy docs example (males vs females) U=17, p=0.1111', () => {
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    assert.equal(r.u, 17);
    assert.equal(r.method, 'exact');
    close(r.pValue, 0.1111111111111111, 1e-12);
  });
  it('exact: complete separation of 5 vs 5 gives p = 2/252', () => {
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    assert.equal(r.u, 0);
    close(r.pValue, 0.007936507936507936, 1e-12);
    close(r.minAttainablePValue, 2 / 252, 1e-12);
  });
  it('asymptotic with ties and continuity correction', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8]);
    assert.equal(r.u, 7.5);
    assert.equal(r.method, 'asymptotic');
    close(r.pValue, 0.006373133838085873, 1e-8);
    const s = mannWhitneyU([1.1, 0.9, 1.0, 1.2, 0.95, 1.05], [1.3, 1.25, 1.4, 1.2, 1.35, 1.5]);
    assert.equal(s.u, 0.5);
    close(s.pValue, 0.006392268870767702, 1e-8);
  });
  it('asymptotic for large samples without ties (30 vs 30)', () => {
    const a = Array.from({ length: 30 }, (_, i) => (i * 1.3) % 7);
    const b = Array.from({ length: 30 }, (_, i) => ((i * 1.7) % 9) + 1);
    const r = mannWhitneyU(a, b);
    assert.equal(r.u, 260);
    close(r.pValue, 0.005082995123806429, 1e-8);
  });
  it('says when the sample sizes cannot reach significance (3 vs 3: p ≥ 0.1)', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    close(r.pValue, 0.1, 1e-12);
    close(r.minAttainablePValue, 0.1, 1e-12);
  });
  it('identical samples give p = 1', () => {
    assert.equal(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue, 1);
  });
});

describe('bootstrap CI of the relative difference of medians', () => {
  it('is reproducible with a seed', () => {
    const b = [980, 1010, 1100, 870, 1205];
    const c = [760, 820, 900, 700, 1010];
    const one = bootstrapRelativeDifference(b, c, { seed: 7 });
    assert.deepEqual(one, bootstrapRelativeDifference(b, c, { seed: 7 }));
  });
  it('is [0, 0] for constant equal samples and null without data', () => {
    const ci = bootstrapRelativeDifference([2, 2, 2], [2, 2, 2])!;
    assert.equal(ci.low, 0);
    assert.equal(ci.high, 0);
    assert.equal(bootstrapRelativeDifference([], [1]), null);
    assert.equal(
      bootstrapRelativeDifference([0, 0], [1, 2]),
      null,
      'a baseline median of 0 has no ratio',
    );
  });
  it('matches the exact bootstrap distribution (all 27 × 27 resamples of 3 vs 3)', () => {
    const b = [10, 12, 15];
    const c = [13, 16, 18];
    const medians = (xs: number[]): number[] => {
      const out: number[] = [];
      for (const x of xs) for (const y of xs) for (const z of xs) out.push(median([x, y, z]));
      return out;
    };
    const exact = medians(b).flatMap((mb) => medians(c).map((mc) => (mc - mb) / mb));
    const ci = bootstrapRelativeDifference(b, c, { resamples: 20_000, seed: 1 })!;
    const below = (v: number): number => exact.filter((d) => d < v).length / exact.length;
    const atOrBelow = (v: number): number => exact.filter((d) => d <= v).length / exact.length;
    // The CI bounds are the exact distribution's 2.5 % and 97.5 % quantiles (within Monte Carlo error).
    assert.ok(
      below(ci.low) <= 0.035 && atOrBelow(ci.low) >= 0.015,
      `low ${ci.low}: ${below(ci.low)}..${atOrBelow(ci.low)}`,
    );
    assert.ok(
      below(ci.high) <= 0.985 && atOrBelow(ci.high) >= 0.965,
      `high ${ci.high}: ${below(ci.high)}..${atOrBelow(ci.high)}`,
    );
    assert.ok(ci.low < 0.3 && ci.high > 0.3, 'contains the observed +33 % of medians');
  });
  it('seeded PRNG gives the same sequence', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    for (let i = 0; i < 5; i += 1) assert.equal(a(), b());
  });
});
