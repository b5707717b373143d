/** Host specs: `local` and `ssh://user@host:port` (IPv6 in brackets), with ConfigErrors quoting the input. */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { describe, it } from 'node:test';
import { LocalHost } from '../../src/hosts/local.ts';
import { formatHostSpec, openHost, parseHostSpec } from '../../src/hosts/spec.ts';
import { SshHost } from '../../src/hosts/ssh.ts';

describe('parseHostSpec', () => {
  it('reads local and ssh:// forms', () => {
    assert.deepEqual(parseHostSpec('host', 'local'), { kind: 'local' });
    assert.deepEqual(parseHostSpec('host', 'ssh://deploy@waf-1.example.net:2222'), {
      kind: 'ssh',
      user: 'deploy',
      host: 'waf-1.example.net',
      port: 2222,
    });
    assert.deepEqual(parseHostSpec('host', ' ssh://root@192.0.2.7 '), {
      kind: 'ssh',
      user: 'root',
      host: '192.0.2.7',
      port: 22,
    });
    assert.deepEqual(parseHostSpec('host', 'ssh://root@[::1]:2222'), {
      kind: 'ssh',
      user: 'root',
      host: '::1',
      port: 2222,
    });
    assert.deepEqual(parseHostSpec('host', 'ssh://[fe80::1]/'), {
      kind: 'ssh',
      user: userInfo().username,
      host: 'fe80::1',
      port: 22,
    });
    assert.deepEqual(parseHostSpec('host', 'SSH://Ops@WAF.example.net'), {
      kind: 'ssh',
      user: 'Ops',
      host: 'waf.example.net',
      port: 22,
    });
  });

  it('formats specs back to the same text', () => {
    for (const text of [
      'local',
      'ssh://root@127.0.0.1:22',
      'ssh://deploy@[::1]:2222',
      'ssh://a.b@waf.example.net:2200',
    ]) {
      assert.equal(formatHostSpec(parseHostSpec('host', text)), text);
    }
  });

  it('refuses everything else with a ConfigError quoting input and value', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /empty/],
      ['localhost', /not a host spec/],
      ['http://waf.example.net', /only local and ssh/],
      ['ssh://root@', /host name is missing/],
      ['ssh://root@host:0', /port "0"/],
      ['ssh://root@host:65536', /port/],
      ['ssh://root@host:22x', /port/],
      ['ssh://root@[not-ipv6]:22', /not an IPv6/],
      ['ssh://ro ot@host', /not a host spec|login name/],
      ['ssh://root;id@host', /login name/],
      ['ssh://root@ho$t', /not a valid host name/],
      ['ssh://root@-host', /not a valid host name/],
      ['ssh://root@host/path', /not a host spec/],
      ['ssh://root@host:22?x=1', /not a host spec/],
      ['ssh://%zz@host', /user/],
    ];
    for (const [value, message] of bad) {
      assert.throws(
        () => parseHostSpec('--host', value),
        (error: unknown) => {
          const e = error as {
            code?: string;
            input?: string;
            value?: string;
            message: string;
            hint?: string;
          };
          assert.equal(e.code, 'E_CONFIG', value);
          assert.equal(e.input, '--host');
          assert.equal(e.value, value);
          assert.match(e.message, message, value);
          assert.match(e.hint ?? '', /ssh:\/\/user@host:port/);
          return true;
        },
      );
    }
  });
});

describe('openHost', () => {
  it('opens LocalHost or SshHost (SSH lazily: no connection until used)', async () => {
    const local = openHost(parseHostSpec('host', 'local'));
    assert.ok(local instanceof LocalHost);
    assert.equal(local.name, 'local');
    const remote = openHost(parseHostSpec('host', 'ssh://deploy@[::1]:2222'), {
      hostKeyFingerprint: 'SHA256:x',
    });
    assert.ok(remote instanceof SshHost);
    assert.equal(remote.name, 'ssh://deploy@[::1]:2222');
    await remote.close();
    await local.close();
  });
});
