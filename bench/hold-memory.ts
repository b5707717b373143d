// Benchmark (a script, not a test): client memory per held WebSocket connection. Starts a private lab
// (one WAF, 2 nginx workers so 10,000 proxied connections fit the open-files limit: each takes two
// descriptors in a worker), opens BENCH_CONNECTIONS (default 10,000) WebSocket connections through it
// from this process with waf-gate's hold engine (ramp BENCH_HATCH_RATE/s, default 2000), holds them
// BENCH_HOLD_S (default 15) with a ping every 5 s, and prints:
//   held=…                       connections held to the end
//   rss_bytes_per_connection=…   RSS growth from before the ramp to the full hold / open connections
//   nofile_limit=soft/hard       the open-files limit that applied to this process
// Target: rss_bytes_per_connection ≤ 10240. Bounded: ramp + hold + 30 s, the lab is always taken down.
//   flock /tmp/waf-gate-bench.lock node --import tsx bench/hold-memory.ts
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleLogger } from '../src/common/logger.ts';
import { labDown, labUp } from '../src/lab/lab.ts';
import { holdOptions, runHold } from '../src/replay/hold/index.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const HATCH_RATE = Number(process.env.BENCH_HATCH_RATE ?? 2000);
const HOLD_S = Number(process.env.BENCH_HOLD_S ?? 15);

const logger = createConsoleLogger();
const parent = await mkdtemp(join(tmpdir(), 'waf-gate-bench-hold-'));
const labDir = join(parent, 'lab');
const abort = new AbortController();
const bound = setTimeout(() => abort.abort(), (CONNECTIONS / HATCH_RATE + HOLD_S + 30) * 1000);
try {
  const lab = await labUp(
    { dir: labDir, installPackages: false, wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 2 }] },
    logger,
  );
  const waf = lab.wafs[0]!;
  console.log(
    `load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  const result = await runHold(
    holdOptions({
      target: { host: waf.host, port: waf.port, tls: false },
      domain: lab.domains[0],
      connections: CONNECTIONS,
      hatchRateCps: HATCH_RATE,
      holdMs: HOLD_S * 1000,
      pingIntervalMs: 5000,
      reconnectAttempts: 0,
      outDir: join(parent, 'out'),
    }),
    { logger, signal: abort.signal },
  );
  const c = result.counts;
  console.log(
    `attempted=${c.attempted} upgraded=${c.upgraded} refused=${JSON.stringify(c.refusedByStatus)} failed=${JSON.stringify(c.failedByError)} dropped=${JSON.stringify(c.droppedByCause)}`,
  );
  console.log(
    `heartbeats sent=${result.heartbeat.sent} answered=${result.heartbeat.answered} lost=${result.heartbeat.lost} p99_us=${result.heartbeat.rtt.p99Us}`,
  );
  console.log(`held=${c.heldToEnd}`);
  console.log(`rss_bytes_per_connection=${result.client.rssBytesPerConnection ?? 'not measured'}`);
  console.log(`nofile_limit=${result.client.noFileLimit.soft}/${result.client.noFileLimit.hard}`);
} finally {
  clearTimeout(bound);
  await labDown(labDir, logger).catch((error: unknown) => logger.warn(String(error)));
  await rm(parent, { recursive: true, force: true });
}
