import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { warnOnce, type Logger } from '../../src/common/logger.ts';

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    },
  };
}

describe('warnOnce', () => {
  it('prints a repeated warning once and reports the repeat count at the end', () => {
    const { logger, lines } = recorder();
    const once = warnOnce(logger);
    for (let round = 0; round < 20; round++) {
      once.warn('corpus.txt:3: body is 5 bytes but Content-Length says 7');
      once.info(`round ${round}`);
    }
    once.warn('another warning');
    once.flushRepeats();
    assert.equal(lines.filter((l) => l.startsWith('warn ')).length, 2);
    assert.equal(lines.filter((l) => l.startsWith('info round')).length, 20);
    assert.deepEqual(lines.slice(-1), [
      'info (the warning "corpus.txt:3: body is 5 bytes but Content-Length says 7" was repeated 19 more times)',
    ]);
  });

  it('says nothing at the end when no warning repeated, and starts afresh after a flush', () => {
    const { logger, lines } = recorder();
    const once = warnOnce(logger);
    once.warn('a');
    once.flushRepeats();
    assert.deepEqual(lines, ['warn a']);
    once.warn('a');
    assert.deepEqual(lines, ['warn a', 'warn a']);
  });

  it('passes errors and debug lines through unchanged, every time', () => {
    const { logger, lines } = recorder();
    const once = warnOnce(logger);
    once.error('e');
    once.error('e');
    once.debug('d');
    once.debug('d');
    assert.deepEqual(lines, ['error e', 'error e', 'debug d', 'debug d']);
  });
});
