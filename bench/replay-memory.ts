// Benchmark (a script, not a test): memory of a long pressure run. waf-gate replay sends
// BENCH_REQUESTS (default 10,000,000) keep-alive requests over 50 connections to a private nginx
// origin on loopback (≈ 2 min at ~80k req/s; hard limit BENCH_MAX_S, default 300 s), while this script
// samples the replay process's resident set from /proc/<pid>/status every 250 ms.
//   node --import tsx bench/replay-memory.ts
// Prints the RSS at each tenth of the run (it should stay flat) and, as its last line, `rss_max_mb=…`
// (target: < 200 MB for 10 M requests).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrigin, type Origin } from './origin-nginx.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000_000);
const MAX_S = Number(process.env.BENCH_MAX_S ?? 300);

function rssKb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-mem-'));
let origin: Origin | null = null;
try {
  origin = await startOrigin(join(dir, 'origin'));
  const corpus = join(dir, 'keepalive.txt');
  await writeFile(
    corpus,
    'GET / HTTP/1.1\r\nHost: app.test\r\nAccept: */*\r\nUser-Agent: waf-gate-bench/1.0\r\n\r\n',
  );
  const options = {
    target: origin.url,
    corpus,
    mode: 'pressure',
    connections: '50',
    requests: String(REQUESTS),
    'max-duration': `${MAX_S}s`,
    'keep-alive': 'true',
    'out-dir': join(dir, 'out'),
    'progress-interval': '0',
  };
  console.log(
    `load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  console.log(
    `${REQUESTS} requests, 50 connections, keep-alive, to ${origin.url} (limit ${MAX_S} s)`,
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/replay-vs-wrk-runner.ts', JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const samples: Array<{ atMs: number; kb: number }> = [];
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    const kb = child.pid ? rssKb(child.pid) : null;
    if (kb !== null) samples.push({ atMs: Date.now() - startedAt, kb });
  }, 250);
  const killer = setTimeout(() => child.kill('SIGKILL'), (MAX_S + 60) * 1000);
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  clearInterval(sampler);
  clearTimeout(killer);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`replay failed (exit ${code}): ${stderr.slice(-800)}`);
  const result = JSON.parse(line) as {
    rps: number;
    completed: number;
    errors: number;
    durationMs: number;
  };
  console.log(
    `completed ${result.completed} (${result.errors} errors) in ${(result.durationMs / 1000).toFixed(1)} s, ${result.rps.toFixed(0)} req/s`,
  );
  const mb = (kb: number): string => (kb / 1024).toFixed(1);
  const total = samples.at(-1)?.atMs ?? 1;
  for (let tenth = 1; tenth <= 10; tenth++) {
    const s = samples.find((x) => x.atMs >= (total * tenth) / 10) ?? samples.at(-1);
    if (s)
      console.log(
        `rss at ${String(tenth * 10).padStart(3)} % (${(s.atMs / 1000).toFixed(1)} s): ${mb(s.kb)} MB`,
      );
  }
  const max = samples.reduce((m, s) => Math.max(m, s.kb), 0);
  console.log(`requests=${result.completed + result.errors}`);
  console.log(`rss_max_mb=${mb(max)}`);
} finally {
  await origin?.stop();
  await rm(dir, { recursive: true, force: true });
}
