/**
 * A shard's clock against the sharded run's reference: an HTTP server (the first job's runner, a WAF
 * host, any server the bench runners reach) whose `Date` header is read repeatedly. A Date header has
 * 1 s resolution, so the offset is read at the reference's second tick: the tick happened between two
 * consecutive answers, and the local time of that tick (midpoint of the two samples' midpoints) against
 * the new second gives the offset — NTP's simple formula with the tick as the server timestamp. The
 * tick lies between the first sample's send and the second's answer, so the accuracy is the larger
 * distance from the estimate to either end (≈ half the poll interval + a round trip; about ± 10 ms
 * on a LAN). Without a tick in the time allowed, the offset is read from one sample at ±(500 ms +
 * round trip/2). The reference's Date must be taken when it answers (nginx, Apache: yes).
 */
import { performance } from 'node:perf_hooks';
import { WafGateError } from '../common/errors.js';
import type { ClockOffset } from './types.js';

/** Bounds of one measurement. */
export interface ClockOptions {
  signal?: AbortSignal;
  /** Polling stops after this long (a tick comes every second). @default 2500 */
  budgetMs?: number;
  /** Pause between samples. @default 10 */
  intervalMs?: number;
  /** One request's time limit. @default 2000 */
  requestTimeoutMs?: number;
}

interface Sample {
  sentMs: number;
  answeredMs: number;
  /** The reference's Date, epoch ms (a whole second). */
  dateMs: number;
}

const localNow = (): number => performance.timeOrigin + performance.now();

async function sample(reference: string, options: ClockOptions): Promise<Sample> {
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 2000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const sentMs = localNow();
  let response: Response;
  try {
    response = await fetch(reference, { method: 'HEAD', signal });
  } catch (error) {
    throw new WafGateError(
      'E_CLOCK_REFERENCE',
      `The clock reference ${reference} did not answer.`,
      {
        context: { reference },
        cause: error,
        hint: 'Give a clock-reference every bench runner reaches (an HTTP server sending Date headers).',
      },
    );
  }
  const answeredMs = localNow();
  await response.body?.cancel();
  const date = response.headers.get('date');
  const dateMs = date === null ? NaN : Date.parse(date);
  if (!Number.isFinite(dateMs))
    throw new WafGateError(
      'E_CLOCK_REFERENCE',
      `The clock reference ${reference} answered without a valid Date header (${date ?? 'none'}).`,
      {
        context: { reference, date: date ?? '' },
        hint: 'Point clock-reference at an HTTP server.',
      },
    );
  return { sentMs, answeredMs, dateMs };
}

const mid = (s: Sample): number => (s.sentMs + s.answeredMs) / 2;
const round = (n: number): number => Math.round(n * 10) / 10;

/** Measures this machine's offset against `reference` (see the module comment). */
export async function measureClockOffset(
  reference: string,
  options: ClockOptions = {},
): Promise<ClockOffset> {
  const budgetMs = options.budgetMs ?? 2500;
  const intervalMs = options.intervalMs ?? 10;
  const first = await sample(reference, options);
  const startedMs = first.sentMs;
  let previous = first;
  let samples = 1;
  while (localNow() - startedMs < budgetMs) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const current = await sample(reference, options);
    samples++;
    if (current.dateMs > previous.dateMs) {
      const tickLocalMs = (mid(previous) + mid(current)) / 2;
      return {
        reference,
        offsetMs: round(current.dateMs - tickLocalMs),
        roundTripMs: round(current.answeredMs - current.sentMs),
        // The tick lies between the previous request's send and the current answer.
        accuracyMs: round(
          Math.max(tickLocalMs - previous.sentMs, current.answeredMs - tickLocalMs),
        ),
        samples,
        measuredAtMs: Math.round(current.answeredMs),
      };
    }
    previous = current;
  }
  // No tick seen (a slow reference): the Date second is somewhere in [date, date + 1 s).
  const roundTripMs = first.answeredMs - first.sentMs;
  return {
    reference,
    offsetMs: round(first.dateMs + 500 - mid(first)),
    roundTripMs: round(roundTripMs),
    accuracyMs: round(500 + roundTripMs / 2),
    samples,
    measuredAtMs: Math.round(first.answeredMs),
  };
}

/**
 * The correction applied to a shard's times: its offset when the offset exceeds the measurement's
 * accuracy, else 0 — an offset within ± accuracy is not told apart from none, and applying that noise
 * would misalign clocks that NTP already keeps within a few ms.
 */
export function clockCorrectionMs(clock: ClockOffset | undefined): number {
  if (clock === undefined) return 0;
  return Math.abs(clock.offsetMs) > clock.accuracyMs ? Math.round(clock.offsetMs) : 0;
}
