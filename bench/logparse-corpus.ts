// The benchmark corpus of bench/logparse-vs-awk.ts: lab-format access-log lines (12 hosts, 7 % blocked
// requests with upstream status `-`, replay-shaped ids), generated deterministically so every run
// parses the same file.
import { closeSync, openSync, writeSync } from 'node:fs';

/** mulberry32: a small deterministic PRNG so every run parses the same file. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** The id of line `i`, as replay makes them: `<runId>-<domain index>-<sequence>`. */
export const idOf = (i: number): string => `bench-run-${i % 12}-${i}`;

/** Writes `lineCount` lines to `path`; returns the bytes written. */
export function generate(path: string, lineCount: number): number {
  const r = rng(42);
  const hosts = Array.from({ length: 12 }, (_, i) =>
    i === 0 ? 'app.test' : `site${i}.example.test`,
  );
  const paths = [
    '/',
    '/index.html',
    '/api/v1/items?id=42&sort=asc&page=3',
    '/search?q=hello+world&lang=en',
    '/?q=%40%40version',
    "/?id=1'%20OR%20'1'='1",
    '/static/js/app.3f9a1c.min.js',
    '/login?next=%2Faccount%2Fsettings',
    '/products/12345/reviews?limit=20',
  ];
  const uas = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    'curl/8.5.0',
  ];
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk: string[] = [];
  for (let i = 0; i < lineCount; i += 1) {
    const blocked = r(100) < 7;
    const status = blocked
      ? [403, 403, 400, 499, 502][r(5)]!
      : [200, 200, 200, 200, 304, 404, 500, 301][r(8)]!;
    const us = blocked ? '-' : String(status);
    const rid = (
      r(0x7fffffff).toString(16) +
      r(0x7fffffff).toString(16) +
      '0123456789abcdef0123456789abcdef'
    ).slice(0, 32);
    chunk.push(
      `127.0.0.${1 + r(250)} - - [21/Nov/2026:11:${String(r(60)).padStart(2, '0')}:${String(r(60)).padStart(2, '0')} +0000] "GET ${paths[r(paths.length)]} HTTP/1.1" ${status} ${blocked ? 153 : 512 + r(20000)} "-" "${uas[r(uas.length)]}" host=${hosts[r(hosts.length)]} rt=0.00${r(10)} us=${us} urt=${blocked ? '-' : `0.00${r(10)}`} gid=${idOf(i)} rid=${rid}\n`,
    );
    if (chunk.length === 20_000) {
      const buf = Buffer.from(chunk.join(''));
      writeSync(fd, buf);
      bytes += buf.length;
      chunk = [];
    }
  }
  const buf = Buffer.from(chunk.join(''));
  writeSync(fd, buf);
  closeSync(fd);
  return bytes + buf.length;
}
