/**
 * The detached collector's errors cross the process boundary as JSON (done.json, the IPC 'error'
 * message): what serializeError writes, deserializeError rebuilds, without losing what names the mistake.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, isConfigError, WafGateError } from '../../src/common/errors.ts';
import { deserializeError, serializeError } from '../../src/collect/index.ts';

/** Through JSON, as done.json and the IPC channel carry it. */
function roundTrip(error: unknown): ReturnType<typeof deserializeError> {
  return deserializeError(
    JSON.parse(JSON.stringify(serializeError(error))) as ReturnType<typeof serializeError>,
  );
}

describe('collector error transport (run-state)', () => {
  it('a ConfigError keeps its input, file, line, hint, and an object value reads as its content', () => {
    const back = roundTrip(
      new ConfigError('Bad process group.', {
        input: 'groups',
        value: { name: 'nginx-worker', prefix: '' },
        file: '/etc/waf-gate/collect.yml',
        line: 7,
        hint: 'Give each group a command-line prefix.',
      }),
    );
    assert.ok(isConfigError(back));
    assert.equal(back.message, 'Bad process group.');
    assert.equal(back.input, 'groups');
    assert.equal(back.file, '/etc/waf-gate/collect.yml');
    assert.equal(back.line, 7);
    assert.equal(back.hint, 'Give each group a command-line prefix.');
    assert.equal(back.value, "{ name: 'nginx-worker', prefix: '' }");
  });

  it('a string value stays as given; other values are not quoted twice', () => {
    assert.equal(serializeError(new ConfigError('x', { value: '5s' })).value, '5s');
    assert.equal(serializeError(new ConfigError('x', { value: 42 })).value, '42');
    assert.equal(serializeError(new ConfigError('x')).value, undefined);
  });

  it('a WafGateError keeps its code and hint; anything else becomes E_INTERNAL with its message', () => {
    const back = roundTrip(new WafGateError('E_COLLECT_WRITE', 'Cannot write x.', { hint: 'h' }));
    assert.equal(back.code, 'E_COLLECT_WRITE');
    assert.equal(back.hint, 'h');
    assert.equal(isConfigError(back), false);
    const other = roundTrip(new TypeError('boom'));
    assert.equal(other.code, 'E_INTERNAL');
    assert.equal(other.message, 'boom');
  });
});
