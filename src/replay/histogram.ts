/**
 * Latency histograms (HDR, microseconds): creation, the base64 codec used in replay.json, exact merging
 * and summaries. Percentiles are always read from a (merged) histogram, never averaged.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from './types.js';

/** An HDR histogram of latencies in microseconds. */
export type LatencyHistogram = hdr.Histogram;

/** Highest latency tracked without resizing: 1 hour in µs (auto-resize covers more). */
const HIGHEST_US = 3_600_000_000;

/** A new empty histogram (3 significant digits, 1 µs to 1 h, auto-resizing). */
export function createHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Encodes as compressed base64 (the HdrHistogram interchange form). */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram written by {@link encodeHistogram} (an empty string gives an empty histogram). */
export function decodeHistogram(encoded: string): LatencyHistogram {
  if (encoded === '') return createHistogram();
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Merges encoded histograms exactly into one encoded histogram. */
export function mergeEncodedHistograms(encoded: readonly string[]): string {
  const total = createHistogram();
  for (const e of encoded) if (e !== '') total.add(decodeHistogram(e));
  return encodeHistogram(total);
}

type Equivalent = 'lowestEquivalentValue' | 'highestEquivalentValue';
/** The JS histograms have these; the public `Histogram` type does not declare them. */
function equivalent(histogram: LatencyHistogram, value: number, kind: Equivalent): number {
  const fn = (histogram as unknown as Partial<Record<Equivalent, (v: number) => number>>)[kind];
  return typeof fn === 'function' ? fn.call(histogram, value) : value;
}

/** The JS histogram's indexed access (not in the public `Histogram` type). */
interface IndexedHistogram {
  countsArrayLength: number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  medianEquivalentValue(value: number): number;
}

/**
 * The mean, as `histogram.mean` computes it (median-equivalent value of each bucket × its count), but
 * in one pass over the counts: the library's iterator costs milliseconds per call.
 */
export function histogramMean(histogram: LatencyHistogram): number {
  const count = histogram.totalCount;
  if (count === 0) return 0;
  const h = histogram as unknown as Partial<IndexedHistogram>;
  if (
    typeof h.countsArrayLength !== 'number' ||
    typeof h.getCountAtIndex !== 'function' ||
    typeof h.valueFromIndex !== 'function' ||
    typeof h.medianEquivalentValue !== 'function'
  )
    return histogram.mean;
  const indexed = h as IndexedHistogram;
  let total = 0;
  for (let i = 0; i < indexed.countsArrayLength; i++) {
    const n = indexed.getCountAtIndex(i);
    if (n !== 0) total += indexed.medianEquivalentValue(indexed.valueFromIndex(i)) * n;
  }
  return total / count;
}

/** Count, min, mean, p50/p90/p99 and max of a histogram, in µs. */
export function summarizeHistogram(histogram: LatencyHistogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p99Us: 0, maxUs: 0 };
  return {
    count,
    // Bucket-equivalent min/max, so a histogram and its decoded copy summarise alike.
    minUs:
      histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER
        ? 0
        : equivalent(histogram, histogram.minNonZeroValue, 'lowestEquivalentValue'),
    meanUs: Math.round(histogramMean(histogram)),
    p50Us: histogram.getValueAtPercentile(50),
    p90Us: histogram.getValueAtPercentile(90),
    p99Us: histogram.getValueAtPercentile(99),
    maxUs: equivalent(histogram, histogram.maxValue, 'highestEquivalentValue'),
  };
}
