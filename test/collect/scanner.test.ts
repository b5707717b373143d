/**
 * The parsing hot path against plain reference implementations: the generated field scanner (word
 * search, memchr, warm-up switch, fixed widths, escape=json), the id index's byte and string paths,
 * host-less lines in the analyzer, and the staging buffers of the line sink.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessAnalyzer } from '../../src/collect/analyze/index.ts';
import {
  FieldScanner,
  fixedWidth,
  compileLogFormat,
  type CompiledFormat,
  COMBINED_FORMAT,
  DEFAULT_JSON_FIELDS,
  jsonPresetFormat,
  WAF_GATE_LAB_FORMAT,
  FormatRecordParser,
} from '../../src/collect/logformat/index.ts';
import { IdIndex } from '../../src/collect/join/index.ts';
import { LineSink } from '../../src/collect/output/index.ts';
import { LineSplitter } from '../../src/collect/follow/index.ts';
import { LAB_LOG_FORMAT } from '../../src/lab/config.ts';

/** A deterministic PRNG (mulberry32). */
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

/** The scanning rule written plainly: first occurrence of each literal, byte by byte. */
function reference(
  format: CompiledFormat,
  buf: Buffer,
  start: number,
  end: number,
  upTo: number,
): number[] | null {
  const json = format.escape === 'json';
  const p = format.prefix;
  if (end - start < p.length || !buf.subarray(start, start + p.length).equals(p)) return null;
  let pos = start + p.length;
  const out: number[] = [];
  for (let k = 0; k <= upTo; k += 1) {
    const { name, after } = format.fields[k]!;
    if (after.length === 0) {
      out.push(pos, end);
      pos = end;
      continue;
    }
    const at = (i: number): boolean => buf.subarray(i, i + after.length).equals(after);
    const last = end - after.length;
    const w = fixedWidth(name, after);
    let found = -1;
    if (w > 0 && pos + w <= last && at(pos + w)) found = pos + w;
    for (let i = pos; found < 0 && i <= last; i += 1) {
      if (buf[i] === after[0] && at(i)) found = i;
      else if (json && buf[i] === 92) i += 1;
    }
    if (found < 0) return null;
    out.push(pos, found);
    pos = found + after.length;
  }
  return upTo === format.fields.length - 1 && pos !== end ? null : out;
}

const FORMATS: Array<[string, string]> = [
  ['lab', WAF_GATE_LAB_FORMAT],
  ['combined', COMBINED_FORMAT],
  ['json', `escape=json '${jsonPresetFormat(DEFAULT_JSON_FIELDS, 'http_x_waf_gate_id')}'`],
  ['prefix + fixed widths', `'>>$status|$host||$msec $time_iso8601 "$request_id" end'`],
  ['escape=none', `escape=none '$remote_addr "$request" $status $host'`],
  ['one-byte literals', `'$status:$host:$upstream_status'`],
];
const PIECES = [' ', '"', '-', '=', ':', '|', '\\', ']', '[', ',', '" ', '" "', ' rt=', '\\"', 'a'];

/** A line of the format with random values: short, long (past the word search), or full of delimiters. */
function randomLine(format: string, r: (n: number) => number): string {
  return format.replace(/\$([a-z_0-9]+)/g, (_m, name: string) => {
    const kind = r(10);
    if (name === 'status' && kind < 7) return String(100 + r(900));
    if (name === 'time_iso8601' && kind < 7) return '2026-11-21T11:22:33+00:00';
    if (name === 'request_id' && kind < 7) return 'abcdef0123456789abcdef0123456789';
    if (name === 'msec' && kind < 7) return '1700000000.123';
    const len = kind < 3 ? r(4) : kind < 6 ? r(40) : r(300);
    let v = '';
    while (v.length < len)
      v += kind < 5 ? PIECES[r(PIECES.length)]! : String.fromCharCode(97 + r(26));
    return v;
  });
}

describe('generated field scanner', () => {
  for (const [label, definition] of FORMATS) {
    it(`${label}: same fields as the plain rule on 5,000 random, cut and binary lines`, () => {
      const format = compileLogFormat(definition);
      const scanner = new FieldScanner(format);
      const r = prng(label.length * 7919);
      let matched = 0;
      for (let t = 0; t < 5000; t += 1) {
        let line = randomLine(format.format, r);
        const mutate = r(10);
        if (mutate === 0) line = line.slice(0, r(line.length + 1));
        if (mutate === 1)
          line = Array.from({ length: r(200) }, () => String.fromCharCode(r(256))).join('');
        const body = Buffer.from(line, 'latin1');
        // Inside a bigger buffer, with delimiters around it, as lines sit in a read chunk.
        const pre = r(9);
        const buf = Buffer.alloc(pre + body.length + r(9), 34);
        body.copy(buf, pre);
        const end = pre + body.length;
        const upTo = r(3) === 0 ? r(format.fields.length) : format.fields.length - 1;
        const want = reference(format, buf, pre, end, upTo);
        const ok = scanner.scan(buf, pre, end, upTo);
        assert.equal(ok, want !== null, `line ${t}: ${JSON.stringify(line)}`);
        if (want === null) continue;
        matched += 1;
        const got: number[] = [];
        for (let k = 0; k <= upTo; k += 1) got.push(scanner.starts[k]!, scanner.ends[k]!);
        assert.deepEqual(got, want, `line ${t}: ${JSON.stringify(line)}`);
      }
      assert.ok(matched > 1000, `only ${matched} lines matched the format`);
    });
  }

  it('a value far longer than the word search and a 1 MB value', () => {
    const format = compileLogFormat(WAF_GATE_LAB_FORMAT);
    const scanner = new FieldScanner(format);
    for (const uaBytes of [0, 23, 24, 25, 1000, 1 << 20]) {
      const line = Buffer.from(
        `1.2.3.4 - - [21/Nov/2026:11:34:28 +0000] "GET / HTTP/1.1" 403 5 "-" "${'u'.repeat(uaBytes)}" host=${'h'.repeat(uaBytes % 97)}.test rt=0.001 us=- urt=- gid=run-1-7 rid=00000000000000000000000000000000 port=40000`,
      );
      assert.equal(scanner.scan(line, 0, line.length), true, `${uaBytes} bytes`);
      const want = reference(format, line, 0, line.length, format.fields.length - 1)!;
      assert.equal(scanner.ends[7], want[15]);
    }
  });
});

describe('waf-gate-lab preset', () => {
  it('is the lab config format string itself', () => {
    assert.equal(WAF_GATE_LAB_FORMAT, LAB_LOG_FORMAT);
    // 15 with `$remote_port` (the join by connection) appended last.
    assert.equal(compileLogFormat(WAF_GATE_LAB_FORMAT).fields.length, 15);
    assert.equal(compileLogFormat(WAF_GATE_LAB_FORMAT).fields.at(-1)!.name, 'remote_port');
  });
});

describe('IdIndex string lookups', () => {
  it('finds by string exactly what was indexed by bytes (leading zeros, prefixes, non-latin1)', () => {
    const index = new IdIndex();
    const ids = ['run-0-7', 'run-1-7', 'run-0-07', 'r-9', 'run-0-1234567890', 'x-0', 'a-b-12'];
    const recs = ids.map((id) => {
      const b = Buffer.from(`[${id}]`, 'latin1');
      return index.intern(b, 1, b.length - 1);
    });
    ids.forEach((id, k) => assert.equal(index.find(id), recs[k], id));
    for (const absent of ['run-2-7', 'run-0-007', 'run-0-8', 'run-ā-7', 'run-0-', '7', ''])
      assert.equal(index.find(absent), -1, absent);
  });
});

describe('analyzer on lines without a host', () => {
  it('reads the id, upstream and anomaly from the line itself (domain "-")', () => {
    const format = compileLogFormat(`'$status $upstream_status $http_x_waf_gate_id $request_id'`);
    const parser = new FormatRecordParser(format, 'no-host', { idVariable: 'http_x_waf_gate_id' });
    const analyzer = new AccessAnalyzer({ parser, keepRequestIds: true });
    const splitter = new LineSplitter(analyzer.onLine, analyzer.onOverlong);
    splitter.push(Buffer.from('403 - run-1-5 r1\n200 200 run-1-6 r2\n'));
    splitter.flush();
    assert.deepEqual(analyzer.statusCounts(), { '-': { '200': 1, '403': 1 } });
    assert.deepEqual(analyzer.anomalyCountsByDomain(), { '-': { '403': 1 } });
    assert.deepEqual(analyzer.lookup('run-1-5'), {
      id: 'run-1-5',
      status: 403,
      domain: '-',
      upstreamStatus: '-',
      requestId: 'r1',
      lines: 1,
    });
    assert.equal(analyzer.lookup('run-1-6')?.upstreamStatus, '200');
  });
});

describe('LineSink staging', () => {
  it('writes every line once, in order, cut to keepBytes, across buffer growth and flushes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-sink-'));
    try {
      const sink = LineSink.perKey(dir, 3000);
      const r = prng(5);
      const want = new Map<string, string[]>();
      for (let i = 0; i < 3000; i += 1) {
        const key = `d${r(3)}.test`;
        const line = `${i} ${'x'.repeat(r(4000))}`;
        sink.add(key, Buffer.from(`>>${line}<<`), 2, 2 + line.length);
        want.set(key, [...(want.get(key) ?? []), line.slice(0, 3000)]);
      }
      sink.close();
      for (const [key, lines] of want) {
        const text = await readFile(join(dir, `${key}.log`), 'utf8');
        assert.equal(text, `${lines.join('\n')}\n`, key);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
