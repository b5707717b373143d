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
      `127.0.0.${1 + r(250)} - - [21/Nov/2026:11:${String(r(60)).padStart(2, '0')}:${String(r(60)).padStart(2, '0')} +0000] "GET ${paths[r(paths.length)]} HTTP/1.1" ${status} ${blocked ? 153 : 512 + r(20000)} "-" "${uas[r(uas.length)]}" host=${hosts[r(hosts.length)]} rt=0.00${r(10)} us=${us} urt=${blocked ? '-' : `0.00${r(10)}`} gid=${idOf(i)} rid=${rid} port=${1024 + r(64_000)}\n`,
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

/**
 * Another corpus shape than the lab format's: a log_format to parse it with, how mawk counts (host,
 * status) on it (mawk arguments before the file; its output is `<host> <status> <count>` lines), and a
 * generator. The ids are {@link idOf}'s, so the join lookups are the same as on the lab corpus.
 */
export interface CorpusShape {
  name: string;
  /** nginx `log_format` definition (compileLogFormat input). */
  logFormat: string;
  mawkArgs: string[];
  /** Writes `lineCount` lines to `path`; returns the bytes written. */
  generate(path: string, lineCount: number): number;
}

/** Writes lines from `line(i)` in 20,000-line chunks; returns the bytes written. */
function writeLines(path: string, lineCount: number, line: (i: number) => string): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (let from = 0; from < lineCount; from += 20_000) {
      const chunk: string[] = [];
      for (let i = from; i < Math.min(lineCount, from + 20_000); i += 1) chunk.push(line(i));
      const buf = Buffer.from(chunk.join(''));
      writeSync(fd, buf);
      bytes += buf.length;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const SHAPE_HOSTS = Array.from({ length: 12 }, (_, i) => `h${i}.shape.test`);

/** A long URL (~0.7–1.5 KB of query string) as scanners and tracking links make them. */
function longUrl(r: (n: number) => number): string {
  const parts: string[] = [];
  const n = 20 + r(25);
  for (let k = 0; k < n; k += 1)
    parts.push(`p${k}=${r(0x7fffffff).toString(36)}%2F${r(0x7fffffff).toString(36)}%20x`);
  return `/app/v2/search/${r(100000)}?${parts.join('&')}`;
}

/**
 * JSON lines as the `json` preset logs them (escape=json): `\"` and `\\` in the request, a multi-byte
 * UTF-8 path on some lines, an empty upstream status on blocked requests.
 */
export const JSON_SHAPE: CorpusShape = {
  name: 'json',
  logFormat:
    `log_format json escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr",` +
    `"request":"$request","status":"$status","host":"$host","upstream_status":"$upstream_status",` +
    `"gid":"$http_x_waf_gate_id","rid":"$request_id"}';`,
  // -F'"': counted from the end (the request may hold escaped quotes): host is $(NF-13), status $(NF-17).
  mawkArgs: ['-F"', '{c[$(NF-13)" "$(NF-17)]++} END {for (k in c) print k, c[k]}'],
  generate(path, lineCount) {
    const r = rng(7);
    const requests = [
      'GET / HTTP/1.1',
      'GET /search?q=\\"quoted\\"&x=\\\\path HTTP/1.1',
      'GET /caf\u00e9/\u65e5\u672c?x=1 HTTP/1.1',
      'POST /api/v1/items HTTP/1.1',
    ];
    return writeLines(path, lineCount, (i) => {
      const blocked = r(100) < 7;
      const status = blocked ? [403, 400, 499][r(3)]! : [200, 200, 304, 404, 500][r(5)]!;
      return (
        `{"time":"2026-11-21T11:${String(r(60)).padStart(2, '0')}:00+00:00","remote_addr":"127.0.0.${1 + r(250)}",` +
        `"request":"${requests[r(requests.length)]}","status":"${status}","host":"${SHAPE_HOSTS[r(12)]}",` +
        `"upstream_status":"${blocked ? '' : String(status)}","gid":"${idOf(i)}","rid":"${(r(0x7fffffff).toString(16) + '0123456789abcdef0123456789abcdef').slice(0, 32)}"}\n`
      );
    });
  },
};

/** A log_format with many fields (22 variables) and long URLs in the request and the referer. */
export const WIDE_SHAPE: CorpusShape = {
  name: 'wide',
  logFormat:
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" ' +
    '"$http_user_agent" "$http_x_forwarded_for" host=$host rt=$request_time us=$upstream_status ' +
    'urt=$upstream_response_time ua=$upstream_addr ct=$sent_http_content_type rl=$request_length ' +
    'conn=$connection reqs=$connection_requests tls=$ssl_protocol cid=$http_x_client_id ' +
    'gid=$http_x_waf_gate_id rid=$request_id',
  // Space-separated from the end: host is $(NF-12); $9 is the status (no spaces before it).
  mawkArgs: ['{c[$(NF-12)" "$9]++} END {for (k in c) print k, c[k]}'],
  generate(path, lineCount) {
    const r = rng(11);
    return writeLines(path, lineCount, (i) => {
      const blocked = r(100) < 7;
      const status = blocked ? [403, 400, 499][r(3)]! : [200, 200, 304, 404, 500][r(5)]!;
      const url = longUrl(r);
      return (
        `10.1.${r(250)}.${r(250)} - - [21/Nov/2026:11:${String(r(60)).padStart(2, '0')}:00 +0000] "GET ${url} HTTP/1.1" ` +
        `${status} ${r(30000)} "https://ref.shape.test${longUrl(r)}" "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0" ` +
        `"10.9.${r(250)}.${r(250)}" host=${SHAPE_HOSTS[r(12)]} rt=0.0${r(99)} us=${blocked ? '-' : String(status)} ` +
        `urt=${blocked ? '-' : `0.0${r(99)}`} ua=${blocked ? '-' : '127.0.0.1:8080'} ct=text/html rl=${300 + r(2000)} ` +
        `conn=${r(100000)} reqs=${1 + r(100)} tls=TLSv1.3 cid=c${r(1000000)} gid=${idOf(i)} rid=${(r(0x7fffffff).toString(16) + '0123456789abcdef0123456789abcdef').slice(0, 32)}\n`
      );
    });
  },
};
