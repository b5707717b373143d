/**
 * The log_format compiler and the line parsers: pasted nginx.conf definitions, braces, escape modes,
 * unknown variables, presets (combined, waf-gate-lab, waf-marker, json), garbage and binary lines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { AccessAnalyzer } from '../../src/collect/analyze/index.ts';
import { analyzeLog, buildRecordParser, parseCollectOptions } from '../../src/collect/index.ts';
import { LineSplitter } from '../../src/collect/follow/index.ts';
import {
  compileLogFormat,
  jsonPresetFormat,
  DEFAULT_JSON_FIELDS,
} from '../../src/collect/logformat/index.ts';
import { sendAll, startTestNginx, type TestNginx } from './helpers.ts';

function analyze(
  format: string,
  text: string | Buffer,
  extra: Record<string, string> = {},
): AccessAnalyzer {
  const options = parseCollectOptions({
    'run-id': 't',
    'access-log': '/dev/null',
    'log-format': format,
    ...extra,
  });
  const analyzer = new AccessAnalyzer({
    parser: buildRecordParser(options),
    anomalyStatuses: options.anomalyStatuses,
  });
  const splitter = new LineSplitter(analyzer.onLine, analyzer.onOverlong);
  splitter.push(Buffer.isBuffer(text) ? text : Buffer.from(text));
  splitter.flush();
  return analyzer;
}

describe('log_format compiler', () => {
  it('joins the quoted parts pasted from nginx.conf, with the directive and escape=', () => {
    const compiled = compileLogFormat(
      `log_format main escape=json '{"s":"$status",' \n  '"h":"\${host}"}';`,
    );
    assert.equal(compiled.format, '{"s":"$status","h":"${host}"}');
    assert.equal(compiled.escape, 'json');
    assert.deepEqual(
      compiled.fields.map((f) => f.name),
      ['status', 'host'],
    );
    assert.equal(compiled.prefix.toString(), '{"s":"');
    assert.equal(compiled.fields[1]!.after.toString(), '"}');
  });

  it('accepts $http_/$cookie_/$arg_/$sent_http_ families and declared custom variables', () => {
    const compiled = compileLogFormat(
      '$http_x_a $cookie_b $arg_c $sent_http_d $upstream_http_e $mine',
      { extraVariables: ['mine'] },
    );
    assert.equal(compiled.fields.length, 6);
  });

  it('names an unknown variable and where it is', () => {
    assert.throws(
      () => compileLogFormat(`'$remote_addr - $bogus_var [$time_local]'`),
      (error: unknown) =>
        isConfigError(error) &&
        /Unknown variable "\$bogus_var" at character 16/.test(error.message),
    );
    assert.throws(() => compileLogFormat('$status$host'), /follow each other/);
    assert.throws(() => compileLogFormat('${status'), /Unclosed/);
    assert.throws(
      () => compileLogFormat(`log_format x escape=xml '$status'`),
      /Unknown escape mode "xml"/,
    );
  });

  it('rejects a format without $status for the analysis', () => {
    assert.throws(
      () =>
        parseCollectOptions({
          'run-id': 't',
          'access-log': '/x',
          'log-format': `'$remote_addr $host'`,
        }),
      /no \$status/,
    );
  });

  it('refuses an unknown preset name with the accepted ones', () => {
    assert.throws(
      () => parseCollectOptions({ 'run-id': 't', 'access-log': '/x', 'log-format': 'apache' }),
      /Unknown log format preset "apache"/,
    );
  });
});

describe('presets and line parsing', () => {
  it('combined: counts per Host-less domain "-" and statuses', () => {
    const a = analyze(
      'combined',
      '1.2.3.4 - - [21/Nov/2026:11:34:28 +0000] "GET / HTTP/1.1" 403 5 "-" "curl/8"\n',
    );
    assert.deepEqual(a.statusCounts(), { '-': { '403': 1 } });
  });

  it('waf-marker: status after HTTP/x.x", upstream and domain after WAF_, pepp4_ lines skipped', () => {
    const lines = [
      '1.1.1.1 [t] "GET /a HTTP/1.1" 403 12 "-" "ua" WAF_ f1 f2 f3 f4 - shop.test tail',
      '1.1.1.1 [t] "GET /b HTTP/1.1" 200 12 "-" "ua" WAF_ f1 f2 f3 f4 200 shop.test tail',
      '1.1.1.1 [t] "GET /pepp4_x HTTP/1.1" 403 12 "-" "ua" WAF_ f1 f2 f3 f4 - shop.test',
      'no marker here HTTP/1.1" 200',
    ].join('\n');
    const a = analyze('waf-marker', lines);
    assert.equal(a.skipped, 1);
    assert.equal(a.formatErrors, 1);
    assert.deepEqual(a.statusCounts(), { 'shop.test': { '200': 1, '403': 1 } });
    assert.equal(a.anomalyTotal, 1);
  });

  it('garbage, binary and invalid UTF-8 lines are format errors, never a crash', () => {
    const lab =
      '127.0.0.1 - - [21/Nov/2026:11:34:28 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" host=a.test rt=0.001 us=200 urt=0.001 gid=g1 rid=00000000000000000000000000000000 port=40000\n';
    const garbage = Buffer.concat([
      Buffer.from(lab),
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0xc3, 0x28, 10]),
      Buffer.from(
        '127.0.0.1 - - [x] "GET / HTTP/1.1" abc 1 "-" "ua" host=a.test rt=0 us=- urt=- gid=- rid=- port=1\n',
      ),
      Buffer.from('\n\n\r\n'),
      Buffer.from(lab.replace('host=a.test', 'host=\xe9t\xe9.test'), 'latin1'),
    ]);
    const a = analyze('waf-gate-lab', garbage);
    assert.equal(a.parsed, 2);
    assert.equal(a.formatErrors, 3);
    assert.equal(Object.keys(a.statusCounts()).length, 2);
  });

  it('json: escape=json values with quotes and backslashes', () => {
    const line = JSON.stringify({
      time: 't',
      remote_addr: '1.1.1.1',
      request: 'GET /"x\\ HTTP/1.1',
      status: '403',
      host: 'j.test',
      upstream_status: '',
      gid: 'g"1',
      rid: 'r1',
    });
    const a = analyze('json', `${line}\n`);
    assert.equal(a.formatErrors, 0);
    assert.deepEqual(a.statusCounts(), { 'j.test': { '403': 1 } });
    assert.equal(a.lookup('g"1')?.status, 403);
  });

  it('json: the join finds plain, escaped and UTF-8 ids, and never by their escaped text', () => {
    const ids = ['run-0-1', 'g"2', 'b\\3', 'tab\t4', 'caf\u00e9-5', '\u65e5\u672c-6', 'run-0-7'];
    const lines = ids.map((gid, i) =>
      JSON.stringify({
        time: 't',
        remote_addr: '1.1.1.1',
        request: 'GET / HTTP/1.1',
        status: String(200 + i),
        host: 'j.test',
        upstream_status: '200',
        gid,
        rid: `r${i}`,
      }),
    );
    const a = analyze('json', `${lines.join('\n')}\n`);
    assert.equal(a.formatErrors, 0);
    ids.forEach((id, i) => assert.equal(a.lookup(id)?.status, 200 + i, id));
    // The logged bytes of the escaped ids, read as ids of their own, are other ids.
    for (const id of ['g\\"2', 'b\\\\3', 'tab\\t4', 'run-0-2', 'caf\\u00e9-5'])
      assert.equal(a.find(id), -1, id);
    assert.deepEqual(
      [...a.records()].map((r) => r.id),
      ids,
    );
  });
});

describe('real nginx with escape=json (json preset)', { timeout: 60_000 }, () => {
  let nginx: TestNginx;
  let out: string;
  before(async () => {
    nginx = await startTestNginx({
      logFormat: `'${jsonPresetFormat(DEFAULT_JSON_FIELDS, 'http_x_waf_gate_id')}'`,
      escape: 'json',
    });
    out = await mkdtemp(join(tmpdir(), 'waf-gate-collect-json-'));
  });
  after(async () => {
    await nginx?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('parses what nginx wrote, including quotes in the request and id', async () => {
    await sendAll(nginx.port, [
      { host: 'j.test', path: '/deny?a="b"\\', id: 'id"1' },
      { host: 'j.test', path: '/', id: 'id2' },
      { host: 'k.test', path: '/up/x', id: 'id3' },
    ]);
    const options = parseCollectOptions({
      'run-id': 'json',
      'access-log': nginx.paths.accessLog,
      'log-format': 'json',
      'out-dir': out,
    });
    const result = await analyzeLog(options, silentLogger);
    assert.equal(
      result.log.formatErrors,
      0,
      await readFile(join(out, 'format-errors.log'), 'utf8').catch(() => ''),
    );
    assert.deepEqual(result.statusCounts, {
      'j.test': { '200': 1, '403': 1 },
      'k.test': { '200': 1 },
    });
    assert.equal(result.anomalies.total, 1);
  });
});
