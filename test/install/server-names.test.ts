/**
 * Issue 11 item 9: `domains: from-config` reads the WAF's server names from `nginx -T`. These tests parse
 * real `nginx -T` dumps (test/fixtures/nginx-T/, see its README: a Debian layout, the seed's one file per
 * domain under conf/servers/, quoting and comment edge cases) and check the tokenizer against generated
 * configurations. test/install/server-names-nginx.test.ts runs a real nginx, locally and over SSH.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ConfigError, WafGateError } from '../../src/common/errors.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { parseNginxConfig } from '../../src/install/nginx-tokens.ts';
import {
  parseServerNameSamples,
  readServerNames,
  serverNamesFromDump,
  type ServerNames,
} from '../../src/install/server-names.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/nginx-T');
const dump = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const skippedNames = (r: ServerNames): string[] => r.skipped.map((s) => `${s.kind} ${s.name}`);

/** Runs `fn`, expecting a ConfigError; returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.equal((error as ConfigError).code, 'E_CONFIG', String(error));
    return error as ConfigError;
  }
  assert.fail('expected a ConfigError');
}

describe('server names from a Debian nginx -T dump (sites-enabled, snippets, stream)', () => {
  const found = serverNamesFromDump(dump('debian.dump'), 'debian.dump');

  it('takes the exact names of http servers only, in order, once', () => {
    assert.deepEqual(found.domains, ['shop.example.com', 'www.shop.example.com']);
    // The stream server's name, a string argument and commented-out directives are not sites.
    const all = found.servers.flatMap((s) => s.names.map((n) => n.name));
    assert.ok(!all.includes('stream-only.example.com'));
    assert.ok(!all.includes('fake.example.com'));
    assert.ok(!all.includes('example.com'), 'the commented-out mail block of nginx.conf');
  });

  it('classifies and skips the default, wildcard, regex and loopback names with file:line', () => {
    assert.deepEqual(skippedNames(found), [
      'invalid _',
      'wildcard *.tenants.example.com',
      'wildcard .example.org',
      'wildcard www.example.*',
      'regex ~^(?<app>[a-z]+)\\.apps\\.example\\.net$',
      'local localhost',
    ]);
    const regex = found.skipped.find((s) => s.kind === 'regex')!;
    assert.equal(`${regex.file}:${regex.line}`, '/etc/nginx/sites-enabled/wild:4');
    assert.match(regex.reason, /sample/);
  });

  it('names the included snippet as the place of names spliced into two servers', () => {
    const shop = found.servers.filter(
      (s) => s.file === '/etc/nginx/sites-enabled/shop.example.com',
    );
    assert.equal(shop.length, 2);
    for (const s of shop) {
      assert.deepEqual(
        s.names.map((n) => `${n.name}@${n.file}:${n.line}`),
        [
          'shop.example.com@/etc/nginx/snippets/shop-names.conf:2',
          'www.shop.example.com@/etc/nginx/snippets/shop-names.conf:2',
        ],
      );
    }
    assert.deepEqual(
      shop.map((s) => s.listens.map((l) => `${l.address}/${l.port}/${l.ssl}`)),
      [['80/80/false', '[::]:80/80/false'], ['443/443/true']],
    );
  });

  it('marks the default server of each listen address', () => {
    const byDefault = Object.fromEntries(
      found.servers.flatMap((s) => s.defaultFor.map((a) => [a, `${s.file}:${s.line}`])),
    );
    assert.deepEqual(byDefault, {
      '*:80': '/etc/nginx/sites-enabled/default:21',
      '[::]:80': '/etc/nginx/sites-enabled/default:21',
      '*:443': '/etc/nginx/sites-enabled/shop.example.com:7',
      '*:8080': '/etc/nginx/sites-enabled/wild:1',
    });
  });

  it('replays a sample host for each wildcard and regex given one, in the place of its pattern', () => {
    const sampled = serverNamesFromDump(dump('debian.dump'), 'debian.dump', {
      '*.tenants.example.com': 'acme.tenants.example.com',
      '~^(?<app>[a-z]+)\\.apps\\.example\\.net$': 'billing.apps.example.net',
      'WWW.example.*': 'www.example.de',
    });
    assert.deepEqual(sampled.domains, [
      'shop.example.com',
      'www.shop.example.com',
      'acme.tenants.example.com',
      'www.example.de',
      'billing.apps.example.net',
    ]);
    assert.deepEqual(skippedNames(sampled), [
      'invalid _',
      'wildcard .example.org',
      'local localhost',
    ]);
    // A catch-all or loopback name has no pattern to check a sample against: any host name is taken.
    const catchAll = serverNamesFromDump(dump('debian.dump'), 'debian.dump', {
      _: 'default-site.example.com',
      localhost: 'localhost',
      '.example.org': 'example.org',
    });
    assert.deepEqual(catchAll.domains, [
      'default-site.example.com',
      'shop.example.com',
      'www.shop.example.com',
      'example.org',
      'localhost',
    ]);
  });

  it('reads samples given as server_name=host lines (a regex may hold "=")', () => {
    assert.deepEqual(
      parseServerNameSamples(
        '# tenants\n*.tenants.example.com = acme.tenants.example.com\n\n~^(?=x)a$=a.b\n',
      ),
      { '*.tenants.example.com': 'acme.tenants.example.com', '~^(?=x)a$': 'a.b' },
    );
    const error = configError(() => parseServerNameSamples('a.example.com\n', 'domain-samples'));
    assert.deepEqual([error.input, error.value], ['domain-samples', 'a.example.com']);
    assert.match(error.message, /Line 1/);
  });

  it('refuses a sample its pattern does not match, or one for no skipped name', () => {
    const wrong = configError(() =>
      serverNamesFromDump(dump('debian.dump'), 'debian.dump', {
        '~^(?<app>[a-z]+)\\.apps\\.example\\.net$': 'billing.example.net',
      }),
    );
    assert.match(wrong.message, /does not match .*sites-enabled\/wild:4/);
    const unknown = configError(() =>
      serverNamesFromDump(dump('debian.dump'), 'debian.dump', {
        '*.tennants.example.com': 'a.tennants.example.com',
      }),
    );
    assert.match(unknown.message, /\*\.tennants\.example\.com/);
    assert.match(unknown.hint ?? '', /\*\.tenants\.example\.com/);
    const notHost = configError(() =>
      serverNamesFromDump(dump('debian.dump'), 'debian.dump', { '.example.org': 'a b' }),
    );
    assert.equal(notHost.value, 'a b');
  });
});

describe('server names from the seed layout (conf/servers/<domain>.conf, relative include)', () => {
  const found = serverNamesFromDump(dump('seed-servers.dump'), 'seed-servers.dump');

  it('finds one domain per file, lower-cased, trailing dot dropped, repeats once', () => {
    assert.deepEqual(found.domains, [
      'api.alpha-bank.cn',
      'm.beta-shop.com',
      'static.gamma.org',
      'static2.gamma.org',
      'www.alpha-bank.cn',
    ]);
    assert.deepEqual(skippedNames(found), ['empty ']);
    assert.equal(found.servers.length, 6);
    assert.deepEqual(found.servers[0]!.defaultFor, ['*:80']);
  });

  it('says when no host is left and which names were skipped', () => {
    const onlyDefault = dump('seed-servers.dump').split(
      '# configuration file /opt/waf/conf/servers',
    )[0]!;
    const error = configError(() => serverNamesFromDump(onlyDefault, 'seed.dump'));
    assert.match(error.message, /names no host to replay/);
    assert.match(error.hint ?? '', /""/);
  });
});

describe('server names: quoting, comments, escapes and CRLF as nginx reads them', () => {
  const found = serverNamesFromDump(dump('edge-cases.dump'), 'edge-cases.dump');

  it('unquotes, joins lines, ignores comments and quoted text, keeps regex backslashes', () => {
    assert.deepEqual(found.domains, [
      'single.example.com',
      'double.example.com',
      'multi-line.example.com',
      'mixed.example.com',
    ]);
    assert.deepEqual(skippedNames(found), [
      'invalid hash#inside.example.com',
      'regex ~^(?<n>\\w+)\\.quoted\\.example\\.net$',
      'invalid with"quote.example.com',
      'empty ',
      'invalid _',
      'variable $hostname',
    ]);
    assert.equal(found.servers.length, 2, 'a map and an upstream `server` are not server blocks');
    assert.deepEqual(
      found.servers[0]!.names.map((n) => n.line),
      [11, 11, 11, 11, 11, 13, 13],
    );
  });

  it('names the file and line of a syntax error', () => {
    const broken = dump('edge-cases.dump').replace(
      'listen 127.0.0.1:8002;',
      'listen 127.0.0.1:8002 {;',
    );
    const error = configError(() => serverNamesFromDump(broken, 'x'));
    assert.equal(error.file, '/srv/edge/conf/nginx.conf');
    assert.equal(error.line, 19);
    assert.match(error.message, /Unexpected ";"/);
    const unclosed = configError(() => parseNginxConfig('http {\n server {\n', 'a.conf'));
    assert.match(unclosed.message, /line 2 is not closed/);
    const quote = configError(() => parseNginxConfig('server_name "a\n;', 'q.conf'));
    assert.deepEqual([quote.file, quote.line], ['q.conf', 1]);
  });

  it('refuses text that is not an nginx -T dump', () => {
    const error = configError(() => serverNamesFromDump('server { server_name a.b; }', 'x.txt'));
    assert.equal(error.file, 'x.txt');
  });

  it('notes an include missing from the dump and refuses an include loop', () => {
    const text =
      '# configuration file /c/nginx.conf:\nhttp { include sites/a.conf; include gone.conf; }\n\n' +
      '# configuration file /c/sites/a.conf:\nserver { server_name a.example; }\n';
    const found = serverNamesFromDump(text, 'x');
    assert.deepEqual(found.domains, ['a.example']);
    assert.deepEqual(found.notes, [
      '/c/nginx.conf:1: include gone.conf is not in the dump (left out)',
    ]);
    const loop = '# configuration file /c/nginx.conf:\nhttp { include /c/nginx.conf; }\n';
    assert.match(configError(() => serverNamesFromDump(loop, 'x')).message, /includes itself/);
  });
});

/** A word serialised bare, double- or single-quoted (exact names need no escapes). */
const quoted = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(word, `"${word}"`, `'${word}'`);
/** Blanks and comments between words; comments hold the characters that end words and blocks. */
const gap = fc
  .array(
    fc.constantFrom(' ', '\t', '\n', '\r\n', '  # c { } ; " \' server_name x.y;\n', '\n#}\n'),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => (/\S/.test(parts[0]!) ? ` ${parts.join('')}` : parts.join('')))
  .map((g) => (g.includes('#') && !g.endsWith('\n') ? `${g}\n` : g));
const host = fc.domain().filter((d) => d !== 'localhost' && !d.endsWith('.'));
const noise = fc.constantFrom(
  'return 200 "a;b{c}#d";',
  "add_header X-A 'server_name no.example.com;';",
  'location ~ "^/x{2}$" { return 204; }',
  'set $v ${host}z;',
  'listen 127.0.0.1:8080;',
);

describe('server names: property: generated servers parse back to their names', () => {
  it('keeps every exact name, first occurrence order, whatever the quoting and comments', () => {
    const server = fc
      .tuple(fc.array(host, { minLength: 1, maxLength: 4 }), fc.array(noise, { maxLength: 2 }))
      .chain(([names, extra]) =>
        fc
          .tuple(
            fc.tuple(...names.map(quoted)),
            fc.array(gap, { minLength: names.length + 4, maxLength: names.length + 4 }),
          )
          .map(([words, gaps]) => {
            let text = `server${gaps[0]}{${gaps[1]}server_name`;
            words.forEach((w, i) => (text += `${gaps[i + 2]}${w}`));
            text += `;${gaps[names.length + 2]}${extra.join(gaps[names.length + 3])}\n}`;
            return { names, text };
          }),
      );
    fc.assert(
      fc.property(fc.array(server, { minLength: 1, maxLength: 4 }), (servers) => {
        const text = `# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n${servers
          .map((s) => s.text)
          .join('\n')}\n}\n`;
        const found = serverNamesFromDump(text, 'generated');
        const expected = [...new Set(servers.flatMap((s) => s.names.map((n) => n.toLowerCase())))];
        assert.deepEqual(found.domains, expected, text);
        assert.equal(found.servers.length, servers.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readServerNames: options and a saved dump', () => {
  it('reads a saved dump on the runner without running nginx', async () => {
    const found = await readServerNames(new LocalHost(), {
      nginxBinary: '/nonexistent/nginx',
      dumpFile: join(FIXTURES, 'seed-servers.dump'),
    });
    assert.equal(found.source, join(FIXTURES, 'seed-servers.dump'));
    assert.equal(found.domains.length, 5);
    await assert.rejects(
      readServerNames(new LocalHost(), { dumpFile: join(FIXTURES, 'missing.dump') }),
      (error: ConfigError) => error.code === 'E_CONFIG' && error.input === 'nginx-dump',
    );
  });

  it('refuses relative paths and option-like binaries before running anything', async () => {
    for (const [options, input] of [
      [{ configFile: 'conf/nginx.conf' }, 'nginx-config'],
      [{ prefix: 'waf/' }, 'nginx-prefix'],
      [{ nginxBinary: '-g' }, 'nginx-binary'],
      [{ nginxBinary: 'bin/nginx' }, 'nginx-binary'],
    ] as const) {
      await assert.rejects(
        readServerNames(new LocalHost(), options),
        (error: ConfigError) => error.code === 'E_CONFIG' && error.input === input,
      );
    }
  });

  it('says when nginx is not there, and runs nothing once aborted', async () => {
    await assert.rejects(
      readServerNames(new LocalHost(), { nginxBinary: '/nonexistent/nginx' }),
      (error: WafGateError) =>
        error.code === 'E_NGINX_DUMP' && /nginx-binary/.test(error.hint ?? ''),
    );
    await assert.rejects(
      readServerNames(new LocalHost(), { signal: AbortSignal.abort() }),
      (error: WafGateError) => error.code === 'E_ABORTED',
    );
  });
});
