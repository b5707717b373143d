import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError } from '../../src/common/errors.ts';
import { loadConfigFile } from '../../src/install/config-file.ts';
import { applyTextEdit, renderTemplate } from '../../src/install/edits.ts';
import {
  DEFAULT_CRON_PATTERNS,
  INSTALL_INPUTS,
  mergeRawInputs,
  parseInstallOptions,
  parseReload,
  rawInputsFrom,
} from '../../src/install/options.ts';
import { pauseLines, unpauseLines } from '../../src/install/quiet.ts';

type Err = Error & { code?: string; file?: string; line?: number; input?: string };

describe('install options', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-install-options-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('applies documented defaults', async () => {
    const o = await parseInstallOptions(rawInputsFrom({ package: '/tmp/x.deb' }));
    assert.equal(o.mode, 'install');
    assert.equal(o.host, 'local');
    assert.deepEqual(o.versionProbe, { kind: 'package-db' });
    assert.deepEqual(o.check, ['nginx', '-t']);
    assert.deepEqual(o.reload, { kind: 'none' });
    assert.deepEqual(o.quiet.cronPatterns, DEFAULT_CRON_PATTERNS);
    assert.equal(o.quiet.cronDir, '/etc/cron.d');
    assert.equal(o.health, undefined);
    assert.match(o.stateFile, /waf-gate-install-state\.json$/);
  });

  it('parses health, probe, reload and lists', async () => {
    const o = await parseInstallOptions(
      rawInputsFrom({
        package: '/tmp/x.rpm',
        'health-url': 'http://127.0.0.1:8080/',
        'health-host': 'app.test',
        'health-status': '204',
        'health-timeout': '5s',
        'version-probe': '["/usr/local/nginx/sbin/nginx", "-v"]',
        'version-regex': 'wswaf/(\\S+)',
        reload: 'pid-file:/run/nginx.pid:USR2',
        'pause-cron': 'a.sh, b.sh',
        'pause-timers': 'none',
        check: 'nginx -t -c /etc/nginx/nginx.conf',
      }),
    );
    assert.deepEqual(o.health, {
      url: 'http://127.0.0.1:8080/',
      hostHeader: 'app.test',
      expectedStatus: 204,
      timeoutMs: 5000,
      intervalMs: 250,
    });
    assert.deepEqual(o.versionProbe, {
      kind: 'command',
      argv: ['/usr/local/nginx/sbin/nginx', '-v'],
      regex: 'wswaf/(\\S+)',
    });
    assert.deepEqual(o.reload, { kind: 'pid-file', path: '/run/nginx.pid', signal: 'USR2' });
    assert.deepEqual(o.quiet.cronPatterns, ['a.sh', 'b.sh']);
    assert.deepEqual(o.quiet.timerPatterns, []);
    assert.deepEqual(o.check, ['nginx', '-t', '-c', '/etc/nginx/nginx.conf']);
  });

  it('parses the lock, run id and running-build options (issue 11 items 2 and 4)', async () => {
    const saved = process.env.GITHUB_RUN_ID;
    delete process.env.GITHUB_RUN_ID;
    try {
      const d = await parseInstallOptions(rawInputsFrom({ package: '/tmp/x.deb' }));
      assert.equal(d.lockFile, '/var/lib/waf-gate/lock.json');
      assert.equal(d.lockLeaseMs, 7_200_000);
      assert.equal(d.runId, undefined);
      assert.deepEqual(d.running, {
        check: 'auto',
        binary: '/usr/sbin/nginx',
        pidFile: '/run/nginx.pid',
        onMismatch: 'restart',
      });
      process.env.GITHUB_RUN_ID = '987';
      const o = await parseInstallOptions(
        rawInputsFrom({
          package: '/tmp/x.deb',
          reload: 'pid-file:/opt/n/logs/nginx.pid',
          'lock-file': 'none',
          'reload-mismatch': 'binary-upgrade',
          'start-command': '["/opt/n/sbin/nginx", "-p", "/opt/n"]',
        }),
      );
      assert.equal(o.runId, 'gh-987');
      assert.equal(o.lockFile, null);
      assert.equal(o.running.pidFile, '/opt/n/logs/nginx.pid');
      assert.equal(o.running.onMismatch, 'binary-upgrade');
      assert.deepEqual(o.running.startCommand, ['/opt/n/sbin/nginx', '-p', '/opt/n']);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_RUN_ID;
      else process.env.GITHUB_RUN_ID = saved;
    }
    for (const [name, value] of [
      ['run-id', '../etc/passwd'],
      ['lock-file', 'relative/lock.json'],
      ['reload-mismatch', 'ignore'],
      ['lock-lease', 'forever'],
    ] as const) {
      await assert.rejects(
        parseInstallOptions(rawInputsFrom({ package: '/tmp/x.deb', [name]: value }, '--')),
        (e: Err) => e.code === 'E_CONFIG' && e.input === `--${name}`,
        `${name}=${value}`,
      );
    }
  });

  it('parses every reload method and rejects unknown ones naming the input', () => {
    const r = (value: string) => parseReload({ value, input: 'reload', baseDir: '/' });
    assert.deepEqual(r('systemctl:nginx'), { kind: 'systemctl', unit: 'nginx' });
    assert.deepEqual(r('service:nginx'), { kind: 'service', name: 'nginx' });
    assert.deepEqual(r('nginx'), { kind: 'command', argv: ['nginx', '-s', 'reload'] });
    assert.deepEqual(r('pid-file:/run/nginx.pid'), {
      kind: 'pid-file',
      path: '/run/nginx.pid',
      signal: 'HUP',
    });
    assert.deepEqual(r('command:["nginx","-p","/x y","-s","reload"]'), {
      kind: 'command',
      argv: ['nginx', '-p', '/x y', '-s', 'reload'],
    });
    assert.throws(
      () => r('restart-everything'),
      (e: Err) => e.code === 'E_CONFIG' && e.input === 'reload',
    );
    assert.throws(() => r('systemctl'), /needs nginx after a colon/);
  });

  it('rejects bad values with ConfigErrors quoting the input', async () => {
    const bad = async (values: Record<string, string>, input: string, pattern: RegExp) =>
      assert.rejects(
        parseInstallOptions(rawInputsFrom({ package: '/x.deb', ...values })),
        (e: Err) => {
          assert.equal(e.code, 'E_CONFIG');
          assert.equal(e.input, input);
          assert.match(formatError(e), pattern);
          return true;
        },
      );
    await bad({ 'health-url': 'ftp://x/' }, 'health-url', /http/);
    await bad(
      { 'health-url': 'http://x/', 'health-timeout': 'soon' },
      'health-timeout',
      /duration/,
    );
    await bad({ 'health-url': 'http://x/', 'health-status': '700' }, 'health-status', /100 to 599/);
    await bad(
      { 'version-probe': 'nginx -v', 'version-regex': 'wswaf/\\S+' },
      'version-regex',
      /capture group/,
    );
    await bad({ 'package-kind': 'msi' }, 'package-kind', /deb, rpm/);
    await bad({ 'pause-cron': '(' }, 'pause-cron', /regular expression/);
    await assert.rejects(parseInstallOptions(rawInputsFrom({})), (e: Err) => e.input === 'package');
    await assert.rejects(
      parseInstallOptions(rawInputsFrom({ package: '/x.tgz', 'package-kind': 'tarball' })),
      (e: Err) => e.input === 'install-dir',
    );
    const restore = await parseInstallOptions(rawInputsFrom({ mode: 'restore' }));
    assert.equal(restore.mode, 'restore');
  });

  it('loads a YAML config file; errors name the file and line; flags override it', async () => {
    const file = join(dir, 'install.yml');
    await writeFile(
      file,
      [
        'package: ./builds/wswaf-1.2.3.deb',
        'health-url: http://127.0.0.1:8080/',
        'pause-cron:',
        '  - package_log\\.sh',
        'edits:',
        '  - file: /etc/nginx/nginx.conf',
        "    replace: '^\\s*server\\s+127\\.0\\.0\\.1.*$'",
        "    with: '        server 127.0.0.1:7101 max_fails=0;'",
        '  - dropin: ./templates',
        '    to: /etc/nginx/conf.d',
        '    vars: { upstream: 127.0.0.1:7101 }',
        '',
      ].join('\n'),
    );
    const raw = mergeRawInputs(
      await loadConfigFile(file, INSTALL_INPUTS),
      rawInputsFrom({ 'health-url': 'http://127.0.0.1:9090/' }),
    );
    const o = await parseInstallOptions(raw);
    assert.equal(o.package, join(dir, 'builds/wswaf-1.2.3.deb'), 'relative to the config file');
    assert.equal(o.health?.url, 'http://127.0.0.1:9090/', 'the flag wins');
    assert.deepEqual(o.quiet.cronPatterns, ['package_log\\.sh']);
    assert.equal(o.edits.length, 2);
    assert.deepEqual(o.edits[1], {
      kind: 'dropin',
      from: join(dir, 'templates'),
      to: '/etc/nginx/conf.d',
      vars: { upstream: '127.0.0.1:7101' },
    });

    await writeFile(file, 'package: a.deb\nhealth-urll: http://x/\n');
    await assert.rejects(
      loadConfigFile(file, INSTALL_INPUTS),
      (e: Err) => e.file === file && e.line === 2 && /health-urll/.test(e.message),
    );
    await writeFile(
      file,
      'package: a.deb\nedits:\n  - file: /etc/x.conf\n    replace: "("\n    with: y\n',
    );
    await assert.rejects(
      parseInstallOptions(await loadConfigFile(file, INSTALL_INPUTS)),
      (e: Err) =>
        e.file === file && e.line === 3 && /edits\[0\].*regular expression/.test(e.message),
    );
    await writeFile(file, 'package: a.deb\nedits: [\n');
    await assert.rejects(
      loadConfigFile(file, INSTALL_INPUTS),
      (e: Err) => e.file === file && typeof e.line === 'number',
    );
  });

  it('reads edits from a YAML file input with per-edit lines', async () => {
    const file = join(dir, 'edits.yaml');
    await writeFile(
      file,
      '- file: /a\n  set: worker_processes\n  value: 2\n- file: /b\n  set: "bad name"\n  value: 1\n',
    );
    await assert.rejects(
      parseInstallOptions(rawInputsFrom({ package: '/x.deb', edits: file })),
      (e: Err) => e.file === file && e.line === 4,
    );
  });
});

describe('edit primitives', () => {
  it('replaces by pattern with groups, and sets nginx directives', () => {
    const conf = 'worker_processes 1;\nupstream u {\n    server   127.0.0.1:80;\n}\n';
    const r = applyTextEdit(conf, {
      kind: 'replace',
      file: 'f',
      pattern: '^(\\s*)server\\s+127\\.0\\.0\\.1.*$',
      with: '$1server 127.0.0.1:7101 max_fails=0;',
      all: true,
      optional: false,
    });
    assert.equal(r.matches, 1);
    assert.match(r.text, /^ {4}server 127\.0\.0\.1:7101 max_fails=0;$/m);
    const s = applyTextEdit(conf, {
      kind: 'set',
      file: 'f',
      directive: 'worker_processes',
      value: 'auto',
      optional: false,
    });
    assert.equal(s.text.split('\n')[0], 'worker_processes auto;');
    assert.equal(
      applyTextEdit(conf, {
        kind: 'set',
        file: 'f',
        directive: 'nope',
        value: '1',
        optional: false,
      }).matches,
      0,
    );
  });

  it('renders templates and names the file and line of an unknown variable', () => {
    assert.equal(renderTemplate('a {{x}} b {{ y }}', { x: '1', y: '2' }, 't'), 'a 1 b 2');
    assert.throws(
      () => renderTemplate('one\ntwo {{missing}}', {}, '/tpl/x.conf'),
      (e: Err) => e.file === '/tpl/x.conf' && e.line === 2,
    );
  });

  it('pauses and unpauses crontab lines by marker only', () => {
    const text =
      '# keep\n* * * * * /bin/sh package_log.sh\n#* * * * * package_log.sh old comment\n5 * * * * other\n';
    const paused = pauseLines(text, [/package_log/], '#waf-gate-paused:r1# ');
    assert.equal(paused.count, 1);
    assert.equal(
      unpauseLines(paused.text, '#waf-gate-paused:r2# ').count,
      0,
      'another run does not touch it',
    );
    assert.equal(unpauseLines(paused.text, '#waf-gate-paused:r1# ').text, text);
  });
});
