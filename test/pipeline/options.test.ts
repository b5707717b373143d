/**
 * Issue 11 item 9: the measuring step's `domains: from-config` inputs are validated when parsed, before
 * anything touches the WAF: the keyword alone, samples as server_name=host lines, absolute nginx paths,
 * and the from-config-only inputs refused beside an explicit domain list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigError } from '../../src/common/errors.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';

const BASE = {
  target: 'http://127.0.0.1:8080',
  version: '1.0',
  'access-log': '/var/log/nginx/access.log',
  corpus: 'corpus/demo',
  'out-dir': '/tmp/waf-gate-options-test',
  'run-id': 'options-test',
};

function configError(raw: Record<string, string>): ConfigError {
  try {
    parseMeasureInputs(raw);
  } catch (error) {
    assert.equal((error as ConfigError).code, 'E_CONFIG', String(error));
    return error as ConfigError;
  }
  assert.fail('expected a ConfigError');
}

describe('measure inputs: domains from-config', () => {
  it('takes the keyword with samples, config, prefix and binary, and leaves the list to the pipeline', () => {
    const { pipeline } = parseMeasureInputs({
      ...BASE,
      domains: 'from-config',
      'domain-samples':
        '# wildcard\n*.example.com=shop.example.com\n\n~^api\\d+\\.example\\.org$=api1.example.org',
      'nginx-config': '/etc/nginx/nginx.conf',
      'nginx-prefix': '/etc/nginx/',
    });
    assert.deepEqual(pipeline.domains, []);
    assert.equal(pipeline.pressure.domain, '');
    assert.deepEqual(pipeline.domainsFromConfig, {
      nginxBinary: '/usr/sbin/nginx',
      samples: {
        '*.example.com': 'shop.example.com',
        '~^api\\d+\\.example\\.org$': 'api1.example.org',
      },
      pressureOnFirstDomain: true,
      configFile: '/etc/nginx/nginx.conf',
      prefix: '/etc/nginx/',
    });
  });

  it('keeps a given pressure domain and reads a dump instead of nginx -T', () => {
    const { pipeline } = parseMeasureInputs({
      ...BASE,
      domains: 'from-config',
      'pressure-domain': 'a.example',
      'nginx-dump': '/tmp/nginx-T.txt',
      'nginx-binary': '/opt/nginx/sbin/nginx',
    });
    assert.equal(pipeline.pressure.domain, 'a.example');
    assert.equal(pipeline.domainsFromConfig?.pressureOnFirstDomain, false);
    assert.equal(pipeline.domainsFromConfig?.dumpFile, '/tmp/nginx-T.txt');
    assert.equal(pipeline.domainsFromConfig?.nginxBinary, '/opt/nginx/sbin/nginx');
  });

  it('an explicit list stays as it is, with no from-config settings', () => {
    const { pipeline } = parseMeasureInputs({ ...BASE, domains: 'a.example,b.example' });
    assert.deepEqual(pipeline.domains, ['a.example', 'b.example']);
    assert.equal(pipeline.domainsFromConfig, undefined);
    assert.equal(pipeline.pressure.domain, 'a.example');
  });

  it('names the line of a sample without "="', () => {
    const error = configError({
      ...BASE,
      domains: 'from-config',
      'domain-samples': '*.example.com=shop.example.com\n*.example.org',
    });
    assert.equal(error.input, 'domain-samples');
    assert.equal(error.value, '*.example.org');
    assert.match(error.message, /Line 2/);
  });

  it('refuses the keyword mixed with domains', () => {
    const error = configError({ ...BASE, domains: 'from-config,a.example' });
    assert.equal(error.input, 'domains');
    assert.match(error.message, /cannot be combined/);
  });

  it('refuses relative nginx paths and a dump beside nginx-config', () => {
    const relative = configError({ ...BASE, domains: 'from-config', 'nginx-config': 'nginx.conf' });
    assert.equal(relative.input, 'nginx-config');
    const prefix = configError({ ...BASE, domains: 'from-config', 'nginx-prefix': 'etc/nginx' });
    assert.equal(prefix.input, 'nginx-prefix');
    const both = configError({
      ...BASE,
      domains: 'from-config',
      'nginx-dump': '/tmp/d.txt',
      'nginx-config': '/etc/nginx/nginx.conf',
    });
    assert.equal(both.input, 'nginx-dump');
  });

  it('refuses from-config inputs beside an explicit domain list', () => {
    const error = configError({
      ...BASE,
      domains: 'a.example',
      'domain-samples': '*.example.com=shop.example.com',
    });
    assert.equal(error.input, 'domain-samples');
    assert.match(error.hint ?? '', /from-config/);
  });
});
