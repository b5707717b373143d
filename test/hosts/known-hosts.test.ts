/**
 * known_hosts parsing and matching against a fixture written with OpenSSH's own tools (hashed lines by
 * `ssh-keygen -H`, fingerprints as `ssh-keygen -lf` prints them).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  checkKnownHosts,
  fingerprintSha256,
  hostKeyInfo,
  knownHostsName,
  loadKnownHostEntries,
  parseHostKeyFingerprint,
  preferredHostKeyAlgorithms,
} from '../../src/hosts/known-hosts.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/hosts/${name}`, import.meta.url));
const KNOWN_HOSTS = fixture('known_hosts');

async function key(name: 'a' | 'b' | 'c'): Promise<Buffer> {
  const line = await readFile(fixture(`key-${name}.pub`), 'utf8');
  return Buffer.from(line.split(' ')[1] ?? '', 'base64');
}

async function verdict(host: string, port: number, offered: Buffer): Promise<string> {
  const { entries, missingFiles } = await loadKnownHostEntries(
    [KNOWN_HOSTS],
    knownHostsName(host, port),
  );
  const result = checkKnownHosts(offered, entries, missingFiles);
  return result.ok ? `ok:${result.entry.line}` : result.reason;
}

describe('known_hosts', () => {
  it('computes fingerprints and key types as ssh-keygen -lf does', async () => {
    assert.deepEqual(hostKeyInfo(await key('a')), {
      type: 'ssh-ed25519',
      fingerprint: 'SHA256:5cybIL2E3Toq4qY9/WlSXji3ewOnKLDNTblaeFWgvHI',
    });
    assert.equal(
      fingerprintSha256(await key('c')),
      'SHA256:SZ2t68Spd1onyp/NL1Zs3DQew1A0fU4qkmxn3C8UyBE',
    );
    assert.equal(hostKeyInfo(await key('c')).type, 'ecdsa-sha2-nistp256');
  });

  it('names hosts as OpenSSH stores them', () => {
    assert.equal(knownHostsName('WAF.example.net', 22), 'waf.example.net');
    assert.equal(knownHostsName('waf.example.net', 2222), '[waf.example.net]:2222');
    assert.equal(knownHostsName('::1', 2222), '[::1]:2222');
  });

  it('matches plain names, address aliases and [host]:port', async () => {
    assert.equal(await verdict('waf.example.net', 22, await key('a')), 'ok:3');
    assert.equal(await verdict('192.0.2.10', 22, await key('a')), 'ok:3');
    assert.equal(await verdict('waf.example.net', 2222, await key('a')), 'ok:4');
    assert.equal(await verdict('waf.example.net', 2222, await key('b')), 'mismatch');
    assert.equal(
      await verdict('waf.example.net', 2200, await key('a')),
      'unknown',
      'another port is another host',
    );
  });

  it('honours wildcards and negations', async () => {
    assert.equal(await verdict('node1.lab.example.net', 22, await key('b')), 'ok:5');
    assert.equal(await verdict('secret.lab.example.net', 22, await key('b')), 'unknown');
    assert.equal(await verdict('edge-7.example.net', 22, await key('c')), 'ok:6');
    assert.equal(await verdict('edge-10.example.net', 22, await key('c')), 'unknown');
  });

  it('matches hashed entries (|1|salt|hash) with and without a port', async () => {
    assert.equal(await verdict('hashed.example.net', 2200, await key('b')), 'ok:9');
    assert.equal(await verdict('hashed22.example.net', 22, await key('b')), 'ok:10');
    assert.equal(await verdict('hashed.example.net', 22, await key('b')), 'unknown');
    assert.equal(await verdict('hashed.example.net', 2200, await key('a')), 'mismatch');
  });

  it('refuses revoked keys and ignores cert-authority, broken and mislabelled lines', async () => {
    assert.equal(await verdict('revoked.example.net', 22, await key('a')), 'revoked');
    assert.equal(await verdict('host.example.net', 22, await key('c')), 'unknown');
    assert.equal(await verdict('broken.example.net', 22, await key('a')), 'unknown');
    assert.equal(await verdict('mismatched.example.net', 22, await key('a')), 'unknown');
  });

  it('reports a missing file as unknown, not as an error', async () => {
    const missing = fixture('no-such-known-hosts');
    const loaded = await loadKnownHostEntries([missing], 'x');
    assert.deepEqual(loaded, { entries: [], missingFiles: [missing] });
  });

  it('prefers the key types known for the host', async () => {
    const { entries } = await loadKnownHostEntries(
      [KNOWN_HOSTS],
      knownHostsName('edge-1.example.net', 22),
    );
    assert.deepEqual(preferredHostKeyAlgorithms(entries), ['ecdsa-sha2-nistp256']);
  });

  it('validates pinned fingerprints', () => {
    const good = 'SHA256:5cybIL2E3Toq4qY9/WlSXji3ewOnKLDNTblaeFWgvHI';
    assert.equal(parseHostKeyFingerprint('fp', ` ${good}= `), good);
    for (const bad of [
      '',
      'MD5:12:34',
      '5cybIL2E3Toq4qY9/WlSXji3ewOnKLDNTblaeFWgvHI',
      'SHA256:short',
    ]) {
      assert.throws(
        () => parseHostKeyFingerprint('host-key-fingerprint', bad),
        (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'E_CONFIG');
          assert.equal((error as { input?: string }).input, 'host-key-fingerprint');
          assert.equal((error as { value?: string }).value, bad);
          return true;
        },
      );
    }
  });
});
