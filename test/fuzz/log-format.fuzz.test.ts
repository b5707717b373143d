/**
 * Fuzzing log_format compilation and line scanning (issue 9): for generated formats, the generated
 * field scanner splits lines exactly as a reference regex built from the same format does — each value
 * runs to the first occurrence of the literal after it, the last to the end of the line — for lines
 * built from the format, and for the same lines mutated (before and after the scanner's warm-up, which
 * recompiles it). Arbitrary format text compiles or fails with a coded error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FieldScanner, compileLogFormat } from '../../src/collect/logformat/index.ts';
import { FUZZ_TIMEOUT_MS, fuzzParams, isCodedError } from './fuzz-runs.ts';

// Variables without a fixed width (those are exercised with real timestamps in test/collect).
const VARIABLES = [
  'remote_addr',
  'host',
  'request',
  'http_user_agent',
  'http_x_a',
  'body_bytes_sent',
  'request_time',
  'upstream_addr',
  'args',
];
const literal = fc.string({
  unit: fc.constantFrom(' ', '"', '[', ']', '-', '|', ':', ','),
  minLength: 1,
  maxLength: 3,
});
const valueText = fc.string({ unit: fc.constantFrom(...'aZ09./_%'.split('')), maxLength: 12 });

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The reference: `^prefix(v1)lit1(v2)lit2…(vn)litn$`, each value free of the literal after it. */
function referenceRegex(prefix: string, fields: Array<{ after: string }>): RegExp {
  let source = `^${escapeRe(prefix)}`;
  for (const { after } of fields) {
    source += after === '' ? '([^]*)' : `((?:(?!${escapeRe(after)})[^])*)${escapeRe(after)}`;
  }
  return new RegExp(`${source}$`);
}

function scanValues(scanner: FieldScanner, line: string): string[] | null {
  const buf = Buffer.from(line, 'latin1');
  if (!scanner.scan(buf, 0, buf.length)) return null;
  return Array.from(scanner.starts, (s, k) => buf.toString('latin1', s, scanner.ends[k]));
}

const formatArb = fc.record({
  prefix: fc.oneof(fc.constant(''), literal),
  fields: fc.array(fc.tuple(fc.constantFrom(...VARIABLES), literal), {
    minLength: 1,
    maxLength: 5,
  }),
  lastOpen: fc.boolean(),
});

describe('fuzz: log_format scanner against a reference regex', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('lines built from the format, and mutations of them, split as the regex splits them', () => {
    fc.assert(
      fc.property(
        formatArb,
        fc.array(fc.array(valueText, { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(
          fc.tuple(fc.nat(60), fc.constantFrom(' ', '"', '[', ']', '-', '|', 'a', '0', '')),
          { maxLength: 4 },
        ),
        (f, valueSets, mutations) => {
          const fields = f.fields.map(([name, after], i) => ({
            name,
            after: i === f.fields.length - 1 && f.lastOpen ? '' : after,
          }));
          const format =
            f.prefix.replace(/\$/g, '') + fields.map((x) => `$${x.name}${x.after}`).join('');
          // Quoted as in nginx.conf (a bare format is trimmed, like a pasted line).
          const compiled = compileLogFormat(`'${format}'`);
          assert.equal(compiled.fields.length, fields.length);
          const reference = referenceRegex(f.prefix, fields);
          const scanner = new FieldScanner(compiled);
          const lines: string[] = [];
          for (const values of valueSets) {
            const line = f.prefix + fields.map((x, i) => values[i]! + x.after).join('');
            lines.push(line);
            let mutated = line;
            for (const [at, ch] of mutations) {
              const p = at % (mutated.length + 1);
              mutated = mutated.slice(0, p) + ch + mutated.slice(p + (ch === '' ? 1 : 0));
            }
            lines.push(mutated);
          }
          const check = (): void => {
            for (const line of lines) {
              const expected = reference.exec(line);
              const got = scanValues(scanner, line);
              assert.deepEqual(
                got,
                expected ? expected.slice(1) : null,
                `${JSON.stringify(format)} on ${JSON.stringify(line)}`,
              );
            }
          };
          check();
          // Past the warm-up the scanner is recompiled with its search method fixed.
          for (let i = 0; i < 520; i++) scanValues(scanner, lines[0]!);
          check();
        },
      ),
      fuzzParams(200),
    );
  });

  it('arbitrary format text compiles or fails with a coded error', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '$',
            '{',
            '}',
            "'",
            '"',
            '\\',
            ' ',
            ';',
            'a',
            '_',
            '1',
            'status',
            'http_',
            'escape=json ',
            'log_format x ',
          ),
          maxLength: 20,
        }),
        (text) => {
          try {
            const compiled = compileLogFormat(text);
            new FieldScanner(compiled).scan(Buffer.from('x'), 0, 1);
          } catch (error) {
            assert.ok(isCodedError(error), `${JSON.stringify(text)}: ${(error as Error).stack}`);
          }
        },
      ),
      fuzzParams(500),
    );
  });
});
