/**
 * The analyzer fed the same log in chunks of many sizes gives the same result as fed whole: lines
 * (and their host and id fields) split across chunk boundaries land in the splitter's held buffer, so
 * the byte-keyed tables switch buffers (their per-buffer DataViews must follow), ids cross the id
 * index's 65,536-entry pages, and escaped (`\x22`), multi-byte UTF-8 and longer-than-the-chunk lines
 * (over 3,500 bytes) go through the same paths. Also for escape=json lines with `\"` and UTF-8 in the host and id.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccessAnalyzer } from '../../src/collect/analyze/index.ts';
import { LineSplitter } from '../../src/collect/follow/index.ts';
import {
  compileLogFormat,
  FormatRecordParser,
  WAF_GATE_LAB_FORMAT,
} from '../../src/collect/logformat/index.ts';

/** mulberry32. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** Everything the analysis keeps, as plain data. */
function snapshot(a: AccessAnalyzer): unknown {
  return {
    lines: a.lines,
    parsed: a.parsed,
    formatErrors: a.formatErrors,
    overlong: a.overlong,
    anomalyTotal: a.anomalyTotal,
    linesWithoutId: a.linesWithoutId,
    statusCounts: a.statusCounts(),
    anomalies: a.anomalyCountsByDomain(),
    records: [...a.records()],
  };
}

function analyze(format: string, json: boolean, text: Buffer, chunk: number): AccessAnalyzer {
  const parser = new FormatRecordParser(
    compileLogFormat(format, json ? { escape: 'json' } : {}),
    'chunks',
    { idVariable: 'http_x_waf_gate_id' },
  );
  const analyzer = new AccessAnalyzer({ parser, keepRequestIds: true });
  const splitter = new LineSplitter(analyzer.onLine, analyzer.onOverlong);
  // Chunks are copied into one reused read buffer, as the follower reads them.
  const read = Buffer.alloc(chunk);
  for (let at = 0; at < text.length; at += chunk) {
    const n = text.copy(read, 0, at, Math.min(text.length, at + chunk));
    splitter.push(read, n);
  }
  splitter.flush();
  return analyzer;
}

function labLines(count: number): { text: Buffer; ids: string[] } {
  const r = prng(3);
  const hosts = ['a.test', 'site1.example.test', 'site2.example.test', 'caf\\xC3\\xA9.test', '-'];
  const ids: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // Sequences around the first page boundary (65,536) and far beyond it; some ids repeat,
    // some are not replay-shaped.
    const seq = i % 50 === 0 ? 65_530 + (i % 13) : i % 7 === 0 ? 1_000_000 + i : i;
    const id = i % 31 === 0 ? `free:${i}` : i % 97 === 0 ? 'run1-0-3' : `run1-${i % 3}-${seq}`;
    ids.push(id);
    const blocked = r(10) === 0;
    const status = blocked ? 403 : [200, 404, 500][r(3)]!;
    const path = [
      '/',
      '/\\x22q\\x22=1',
      '/caf\u00e9',
      `/${'x'.repeat(r(4) === 0 ? 3500 : r(200))}`,
    ][r(4)]!;
    lines.push(
      `127.0.0.1 - - [21/Nov/2026:11:00:00 +0000] "GET ${path} HTTP/1.1" ${status} 12 "-" ` +
        `"ua \\x22x\\x22 \u65e5\u672c" host=${hosts[r(hosts.length)]} rt=0.001 us=${blocked ? '-' : status} ` +
        `urt=${blocked ? '-' : '0.001'} gid=${id} rid=${(i * 7919).toString(16).padStart(32, '0')} port=${40000 + (i % 20000)}`,
    );
    if (i % 211 === 0) lines.push('garbage that matches no format');
  }
  // The last line has no newline (a partial last line, flushed).
  return { text: Buffer.from(lines.join('\n'), 'utf8'), ids };
}

describe('analyzer across chunk boundaries', () => {
  it('lab format: the same counts, anomalies and records for every chunk size', () => {
    const { text, ids } = labLines(3000);
    const whole = analyze(WAF_GATE_LAB_FORMAT, false, text, text.length);
    assert.ok(
      whole.parsed === 3000 && whole.formatErrors === 15,
      JSON.stringify([whole.parsed, whole.formatErrors]),
    );
    assert.ok(Object.keys(whole.statusCounts()).includes('caf\\xC3\\xA9.test'));
    assert.ok(
      text
        .toString('latin1')
        .split('\n')
        .some((line) => line.length > 3500),
    );
    const expected = snapshot(whole);
    for (const chunk of [1, 7, 64, 255, 4096, 65_536])
      assert.deepEqual(
        snapshot(analyze(WAF_GATE_LAB_FORMAT, false, text, chunk)),
        expected,
        `chunk ${chunk}`,
      );
    // Every id of a parsed line is found by string, with its line's status.
    let found = 0;
    for (const id of new Set(ids)) if (whole.find(id) >= 0) found += 1;
    assert.ok(found > 2000);
    assert.equal(whole.lookup('run1-0-65530')?.id, 'run1-0-65530');
    assert.equal(whole.find('run1-0-65529'), -1);
  });

  it('escape=json: escaped quotes and UTF-8 in the host and id, for every chunk size', () => {
    const r = prng(9);
    const format =
      '{"status":"$status","host":"$host","upstream_status":"$upstream_status",' +
      '"gid":"$http_x_waf_gate_id","rid":"$request_id"}';
    const lines: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const id = [`r-0-${i}`, `q"${i}`, `caf\u00e9-${i}`, `b\\s-${i}`][i % 4]!;
      ids.push(id);
      lines.push(
        JSON.stringify({
          status: String([200, 403, 404][r(3)]),
          host: ['j.test', 'h"x.test', '\u65e5.test'][r(3)],
          upstream_status: r(2) === 0 ? '' : '200',
          gid: id,
          rid: `r${i}`,
        }),
      );
    }
    const text = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const whole = analyze(format, true, text, text.length);
    assert.equal(whole.formatErrors, 0);
    assert.ok(Object.keys(whole.statusCounts()).includes('h"x.test'));
    const expected = snapshot(whole);
    for (const chunk of [1, 13, 1000])
      assert.deepEqual(snapshot(analyze(format, true, text, chunk)), expected, `chunk ${chunk}`);
    ids.forEach((id, i) => assert.equal(whole.lookup(id)?.requestId, `r${i}`, id));
  });
});
