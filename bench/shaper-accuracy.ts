// Benchmark (a script, not a test): accuracy of the userspace shaper. A private Node origin on
// loopback serves a body of rate × seconds bytes (download) and reads a body of that size (upload);
// waf-gate replay fetches / sends it once over one connection with `download-rate` / `upload-rate`.
//   node --import tsx bench/shaper-accuracy.ts [--rate 64KiB/s] [--seconds 10]
// Download: bytes read by the client (head + body) over the request's latency (send → last byte).
// Upload: the least-squares slope of the bytes the origin has received against the time of each of
// its reads (what a WAF in between would see; also printed: bytes after the first read over the time
// from the first read to the last). Also says whether the kernel shaper (tc netem in a network
// namespace) could run here. Last lines, for machines: `download_rate_bps=`, `download_rate_error_pct=`,
// `upload_rate_bps=`, `upload_rate_error_pct=`, `kernel_shaper=`. Target: |error| ≤ 5 %.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { silentLogger } from '../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../src/replay/index.ts';
import { detectNetem, formatKernelShaper } from '../src/replay/shaping/netem.ts';
import { parseByteRate } from '../src/replay/shaping/parse.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '64KiB/s' },
    seconds: { type: 'string', default: '10' },
  },
});
const rateBps = parseByteRate('--rate', values.rate);
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 30)) throw new Error('--seconds is 0 to 30');
const bodyBytes = Math.round(rateBps * seconds);

/** Upload timing of the one request the origin reads (the probe's GET is answered and ignored). */
interface UploadSeen {
  firstAt: number;
  firstBytes: number;
  lastAt: number;
  bytes: number;
  /** [ms, bytes received so far] after each read. */
  points: Array<[number, number]>;
}

/** Least-squares slope of bytes against ms, in bytes per second. */
function slopeBps(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return (sxy / sxx) * 1000;
}
let upload: UploadSeen | null = null;
const downloadBody = Buffer.alloc(bodyBytes, 0x62);
const server = net.createServer((socket) => {
  let received = Buffer.alloc(0);
  let seen: UploadSeen | null = null;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    const now = performance.now();
    if (seen === null)
      seen = { firstAt: now, firstBytes: chunk.length, lastAt: now, bytes: 0, points: [] };
    seen.lastAt = now;
    seen.bytes += chunk.length;
    seen.points.push([now, seen.bytes]);
    received = Buffer.concat([received, chunk]);
    const head = received.indexOf('\r\n\r\n');
    if (head < 0) return;
    const text = received.toString('latin1', 0, head);
    const length = Number(/content-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
    if (received.length < head + 4 + length) return;
    if (text.startsWith('POST /upload')) upload = seen;
    const body = text.startsWith('GET /download') ? downloadBody : Buffer.from('ok');
    socket.end(
      Buffer.concat([
        Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`),
        body,
      ]),
    );
    received = Buffer.alloc(0);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as net.AddressInfo).port;
const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-shaper-'));

async function once(name: string, request: Buffer, shaping: Record<string, string>) {
  const corpus = join(dir, `${name}.txt`);
  await writeFile(corpus, Buffer.concat([request, Buffer.from('====****\n')]));
  return runReplay(
    parseReplayOptions({
      target: `http://127.0.0.1:${port}`,
      corpus,
      mode: 'pressure',
      connections: '1',
      requests: '1',
      'first-byte-timeout': `${seconds * 3}s`,
      timeout: `${seconds * 3}s`,
      'out-dir': join(dir, name),
      'progress-interval': '0',
      ...shaping,
    }),
    { logger: silentLogger },
  );
}

const errorPct = (achieved: number): string => (((achieved - rateBps) / rateBps) * 100).toFixed(2);

try {
  console.log(`cap ${rateBps} B/s (${values.rate}) for ${seconds} s: ${bodyBytes} bytes each way`);
  const down = await once(
    'download',
    Buffer.from('GET /download HTTP/1.1\r\nHost: bench\r\n\r\n'),
    {
      'download-rate': values.rate,
    },
  );
  if (down.totals.completed !== 1)
    throw new Error(`download did not complete: ${JSON.stringify(down.errorCounts)}`);
  const downSeconds = down.latency.summary.maxUs / 1e6;
  const downRate = down.totals.bytesReceived / downSeconds;
  console.log(`download: ${down.totals.bytesReceived} B in ${downSeconds.toFixed(3)} s`);

  const body = Buffer.alloc(bodyBytes, 0x61);
  body[body.length - 1] = 0x0a;
  const up = await once(
    'upload',
    Buffer.concat([
      Buffer.from(`POST /upload HTTP/1.1\r\nHost: bench\r\nContent-Length: ${bodyBytes}\r\n\r\n`),
      body,
    ]),
    { 'upload-rate': values.rate },
  );
  const seen = upload as UploadSeen | null;
  if (up.totals.completed !== 1 || seen === null)
    throw new Error(`upload did not complete: ${JSON.stringify(up.errorCounts)}`);
  const upSeconds = (seen.lastAt - seen.firstAt) / 1000;
  const upRate = slopeBps(seen.points);
  console.log(
    `upload: ${seen.bytes} B received in ${seen.points.length} reads; ${seen.bytes - seen.firstBytes} B after the first read in ${upSeconds.toFixed(3)} s = ${((seen.bytes - seen.firstBytes) / upSeconds).toFixed(0)} B/s; slope ${upRate.toFixed(0)} B/s`,
  );
  const kernel = formatKernelShaper(await detectNetem());
  console.log(`download_rate_bps=${downRate.toFixed(0)}`);
  console.log(`download_rate_error_pct=${errorPct(downRate)}`);
  console.log(`upload_rate_bps=${upRate.toFixed(0)}`);
  console.log(`upload_rate_error_pct=${errorPct(upRate)}`);
  console.log(`kernel_shaper=${kernel}`);
} finally {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
}
