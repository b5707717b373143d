/**
 * The join by connection (collect/join/port-lines.ts, join.ts): requests whose id cannot reach the log
 * (replay sent them on a connection of their own) are joined to the log line with their client port
 * (`$remote_port`), client address and a log time inside their send..response window. Lines are the
 * lab's log format; the outcomes are written as replay writes them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccessAnalyzer } from '../../src/collect/analyze/index.ts';
import { PortLines, joinOutcomes } from '../../src/collect/join/index.ts';
import {
  COMBINED_FORMAT,
  FormatRecordParser,
  WAF_GATE_LAB_FORMAT,
  compileLogFormat,
  parseLogTimeMs,
} from '../../src/collect/logformat/index.ts';
import type { JoinedRequest } from '../../src/collect/types.ts';
import { needsOwnConnection } from '../../src/replay/rewrite.ts';

/** Epoch ms of 02/Dec/2026:11:49:50 +0000. */
const T0 = Date.UTC(2026, 11, 2, 11, 49, 50);

function labLine(o: {
  second?: number;
  request: string;
  status: number;
  gid?: string;
  port: number;
  addr?: string;
  rid?: string;
}): string {
  const s = String(50 + (o.second ?? 0)).padStart(2, '0');
  return `${o.addr ?? '127.0.0.1'} - - [02/Dec/2026:11:49:${s} +0000] "${o.request}" ${o.status} 157 "-" "-" host=_ rt=0.000 us=- urt=- gid=${o.gid ?? '-'} rid=${o.rid ?? 'r0'} port=${o.port}`;
}

function analyzerOf(lines: string[], format = WAF_GATE_LAB_FORMAT): AccessAnalyzer {
  const parser = new FormatRecordParser(compileLogFormat(format), 'test', {
    idVariable: 'http_x_waf_gate_id',
  });
  const analyzer = new AccessAnalyzer({ parser, keepRequestIds: true });
  for (const line of lines) {
    const buf = Buffer.from(line);
    analyzer.onLine(buf, 0, buf.length);
  }
  return analyzer;
}

interface OutcomeInit {
  id?: string | null;
  port?: number;
  addr?: string;
  startMs: number;
  latencyMs?: number;
  own?: boolean;
  status?: number | null;
}

function outcome(k: number, o: OutcomeInit): string {
  return JSON.stringify({
    id: o.id ?? null,
    domain: '*',
    origin: { file: 'c.txt', index: k, line: k + 1 },
    entryKey: `c.txt#${k}`,
    method: 'GET',
    target: '/',
    status: o.status === undefined ? 400 : o.status,
    error: null,
    latencyUs: (o.latencyMs ?? 2) * 1000,
    bytesSent: 20,
    bytesReceived: 157,
    reusedConnection: false,
    startedAtMs: o.startMs,
    ...(o.port !== undefined ? { localAddress: o.addr ?? '127.0.0.1', localPort: o.port } : {}),
    ...(o.own === false ? {} : { ownConnection: true }),
  });
}

describe('the join by connection ($remote_port)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-port-join-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function joinOf(
    analyzer: AccessAnalyzer,
    outcomes: OutcomeInit[],
    ruleIds?: Map<string, string[]>,
  ): Promise<{ rows: JoinedRequest[]; summary: Awaited<ReturnType<typeof joinOutcomes>> }> {
    const outcomesFile = join(dir, `outcomes-${Math.random().toString(36).slice(2)}.jsonl`);
    const joinedFile = `${outcomesFile}.joined`;
    await writeFile(outcomesFile, outcomes.map((o, k) => `${outcome(k, o)}\n`).join(''));
    const summary = await joinOutcomes(analyzer, {
      outcomesFile,
      joinedFile,
      anomalyStatuses: [400, 403],
      ...(ruleIds ? { ruleIds } : {}),
    });
    const rows = (await readFile(joinedFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JoinedRequest);
    return { rows, summary };
  }

  it('joins id-less requests by port and time; rule ids come through $request_id', async () => {
    const analyzer = analyzerOf([
      labLine({ request: 'GET / HTTP/3.0', status: 505, port: 41001, rid: 'a' }),
      labLine({ request: 'GET /', status: 403, port: 41002, rid: 'b' }),
      labLine({ request: 'GET /ok HTTP/1.1', status: 200, port: 41003, gid: 'run-0-2' }),
    ]);
    const { rows, summary } = await joinOf(
      analyzer,
      [
        { id: 'run-0-0', port: 41001, startMs: T0 + 400 },
        { id: null, port: 41002, startMs: T0 + 500, status: null },
        { id: 'run-0-2', port: 41003, startMs: T0 + 600, own: false, status: 200 },
      ],
      new Map([['b', ['920430', '949110']]]),
    );
    assert.equal(summary.sent, 3);
    assert.equal(summary.joined, 3);
    assert.equal(summary.joinedByPort, 2);
    assert.deepEqual(summary.missingByReason, {});
    assert.equal(rows[0]!.joinedBy, 'port');
    assert.equal(rows[0]!.wafStatus, 505);
    assert.equal(rows[1]!.joinedBy, 'port');
    assert.equal(rows[1]!.outcomeLine, 2);
    assert.equal(rows[1]!.wafStatus, 403);
    assert.equal(rows[1]!.blocked, true);
    assert.deepEqual(rows[1]!.ruleIds, ['920430', '949110']);
    assert.equal(rows[2]!.joinedBy, undefined, 'joined by its id');
    assert.equal(rows[2]!.wafStatus, 200);
  });

  it('a port reused by a later connection joins each request to the line of its own time', async () => {
    const analyzer = analyzerOf([
      labLine({ second: 0, request: 'get / HTTP/1.1', status: 400, port: 42000 }),
      labLine({ second: 5, request: 'GET / HTTP/3.0', status: 505, port: 42000 }),
    ]);
    const { rows, summary } = await joinOf(analyzer, [
      { id: 'r-0-0', port: 42000, startMs: T0 + 100 },
      { id: 'r-0-1', port: 42000, startMs: T0 + 5_100, status: 505 },
    ]);
    assert.equal(summary.joinedByPort, 2);
    assert.equal(rows[0]!.wafStatus, 400);
    assert.equal(rows[1]!.wafStatus, 505);
  });

  it('two lines of the port in the window: ambiguous; none in the window: no match', async () => {
    const analyzer = analyzerOf([
      labLine({ second: 0, request: 'get / HTTP/1.1', status: 400, port: 43000 }),
      labLine({ second: 1, request: 'GET / HTTP/3.0', status: 505, port: 43000 }),
      labLine({ second: 0, request: 'GET / HTTP/3.0', status: 505, port: 43001 }),
    ]);
    const { rows, summary } = await joinOf(analyzer, [
      { id: 'r-0-0', port: 43000, startMs: T0 + 900, latencyMs: 200 },
      // 43001 was logged at :50, this request went out 10 s later: outside its window.
      { id: 'r-0-1', port: 43001, startMs: T0 + 10_000 },
      // No line has this port at all.
      { id: null, port: 43002, startMs: T0 + 100 },
      // Never connected: no local port, so no join by connection.
      { id: null, startMs: T0 + 100, status: null },
    ]);
    assert.equal(summary.joined, 0);
    assert.deepEqual(summary.missingByReason, {
      'ambiguous-port': 1,
      'no-id-no-port-match': 2,
      'no-id': 1,
    });
    assert.equal(rows[0]!.missingReason, 'ambiguous-port');
    assert.equal(rows[0]!.wafStatus, null);
    assert.equal(rows[1]!.missingReason, 'no-id-no-port-match');
  });

  it("the window allows the log's 1 s resolution and 1 s of slack, and no more", () => {
    const lines = new PortLines(1000, {
      upstreamText: () => '-',
      noUpstream: () => true,
      requestIdText: () => null,
      addressText: () => '127.0.0.1',
    });
    lines.add(44000, 0, T0, 400, -2, -1);
    // Logged at second :50 means 50.000..50.999; the request ran 52.9..53.0: 1.9 s later, within slack.
    assert.deepEqual(lines.match(44000, '127.0.0.1', T0 + 1_900, T0 + 2_000), { line: 0 });
    const again = new PortLines(1000, {
      upstreamText: () => '-',
      noUpstream: () => true,
      requestIdText: () => null,
      addressText: () => '127.0.0.1',
    });
    again.add(44000, 0, T0, 400, -2, -1);
    assert.deepEqual(again.match(44000, '127.0.0.1', T0 + 2_001, T0 + 2_100), {
      reason: 'no-id-no-port-match',
    });
    // Sent 1.1 s after the line's second ended (before the log time): no.
    assert.deepEqual(again.match(44000, '127.0.0.1', T0 - 1_200, T0 - 1_100), {
      reason: 'no-id-no-port-match',
    });
    // Another client address with the same port: no.
    assert.deepEqual(again.match(44000, '10.0.0.9', T0 + 100, T0 + 200), {
      reason: 'no-id-no-port-match',
    });
    // nginx's IPv4-mapped form of the same address: yes.
    assert.deepEqual(again.match(44000, '::ffff:127.0.0.1', T0 + 100, T0 + 200), { line: 0 });
    // A line taken already is not given to a second request.
    assert.deepEqual(again.match(44000, '127.0.0.1', T0 + 100, T0 + 200), {
      reason: 'ambiguous-port',
    });
  });

  it('keeps at most the limit of id-less lines and says so when a request found none', () => {
    const codes = {
      upstreamText: () => '-',
      noUpstream: () => true,
      requestIdText: () => null,
      addressText: () => null,
    };
    const lines = new PortLines(1000, codes, 2);
    lines.add(1, -1, T0, 400, -2, -1);
    lines.add(2, -1, T0, 400, -2, -1);
    lines.add(3, -1, T0, 400, -2, -1);
    assert.equal(lines.size, 2);
    assert.equal(lines.dropped, 1);
    assert.deepEqual(lines.match(3, undefined, T0, T0 + 1), { reason: 'port-lines-dropped' });
    assert.deepEqual(lines.match(2, undefined, T0, T0 + 1), { line: 1 });
  });

  it('a log format without $remote_port keeps the old reasons: no-id, no-log-line', async () => {
    const analyzer = analyzerOf(
      [
        '127.0.0.1 - - [02/Dec/2026:11:49:50 +0000] "GET / HTTP/3.0" 505 187 "-" "-"',
        '127.0.0.1 - - [02/Dec/2026:11:49:50 +0000] "GET /" 403 153 "-" "-"',
      ],
      COMBINED_FORMAT,
    );
    assert.equal(analyzer.portLines, null);
    const { summary } = await joinOf(analyzer, [
      { id: 'r-0-0', port: 45000, startMs: T0 + 100 },
      { id: null, port: 45001, startMs: T0 + 100 },
    ]);
    assert.equal(summary.joinedByPort, undefined);
    assert.deepEqual(summary.missingByReason, { 'no-log-line': 1, 'no-id': 1 });
  });

  it('reads $time_local, $time_iso8601 and $msec', () => {
    const at = (text: string, kind: 'time_local' | 'time_iso8601' | 'msec'): number => {
      const b = Buffer.from(text);
      return parseLogTimeMs(b, 0, b.length, kind);
    };
    assert.equal(at('02/Dec/2026:11:49:50 +0000', 'time_local'), T0);
    assert.equal(at('02/Dec/2026:12:49:50 +0100', 'time_local'), T0);
    assert.equal(at('2026-12-02T06:49:50-05:00', 'time_iso8601'), T0);
    assert.equal(at(`${T0 / 1000}.250`, 'msec'), T0 + 250);
    assert.ok(Number.isNaN(at('02/Foo/2026:11:49:50 +0000', 'time_local')));
    assert.ok(Number.isNaN(at('-', 'msec')));
  });

  it('replay isolates exactly the requests nginx may answer before reading their id header', () => {
    const own = (raw: string): boolean => needsOwnConnection(Buffer.from(raw, 'latin1'));
    assert.equal(own('GET / HTTP/3.0\r\nHost: a\r\n\r\n'), true, 'HTTP/3.0: 505');
    assert.equal(own('GET /\r\n'), true, 'HTTP/0.9');
    assert.equal(own('G@T / HTTP/1.1\r\nHost: a\r\n\r\n'), true, 'bad method: 400');
    assert.equal(own('get / HTTP/1.1\r\nHost: a\r\n\r\n'), true, 'lower-case method: 400');
    assert.equal(own('GET  / HTTP/1.1\r\nHost: a\r\n\r\n'), true, 'two blanks');
    assert.equal(own('GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n'), true, 'control byte');
    assert.equal(own('GET / HTTP/1.1'), true, 'no line end');
    assert.equal(own('GET /?q=%27 HTTP/1.1\r\nHost: a\r\n\r\n'), false);
    assert.equal(own('POST http://a.example/x HTTP/1.0\nHost: a\n\n'), false, 'absolute form');
  });
});
