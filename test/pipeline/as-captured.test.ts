/**
 * `domains: as-captured` on the real lab: a go-ftw test whose Host is the point of the test (CRS 920350,
 * a numeric Host) is sent with its own Host, not rewritten to a lab domain, so rule 920350 fires (a
 * warning at PL1, below the blocking score); rewritten to a lab domain, it does not.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { runPipeline } from '../../src/pipeline/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const FTW = `meta: {author: waf-gate, enabled: true, name: 920350.yaml}
tests:
  - test_title: 920350-1
    desc: Host header is a numeric IP address
    stages:
      - input:
          dest_addr: 127.0.0.1
          port: 80
          uri: /
          headers:
            Host: 127.0.0.1
            User-Agent: OWASP CRS test agent
            Accept: text/html
        output:
          log_contains: id "920350"
`;

describe('domains: as-captured (real lab)', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let corpus: string;
  before(async () => {
    lab = await startLab({ wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] });
    corpus = join(lab.dir, '..', '920350.yaml');
    await writeFile(corpus, FTW);
  });
  after(() => lab?.stop());

  async function joined(domains: string, label: string) {
    const waf = lab.wafs[0]!;
    const { target, pipeline } = parseMeasureInputs({
      target: `http://${waf.host}:${waf.port}`,
      label,
      version: 'lab-pl1',
      'access-log': waf.accessLog,
      'error-log': waf.errorLog,
      'master-pid-file': waf.pidFile,
      corpus,
      domains,
      'out-dir': join(lab.dir, '..', 'out'),
      'run-id': `ascap-${label}`,
    });
    await runPipeline([target], pipeline, { logger: silentLogger });
    const text = await readFile(join(pipeline.outDir, label, 'quality', 'joined.jsonl'), 'utf8');
    return text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { domain: string; wafStatus: number; ruleIds?: string[] });
  }

  it('sends the Host as captured: rule 920350 (numeric Host) fires', async () => {
    const [record, ...rest] = await joined('as-captured', 'captured');
    assert.equal(rest.length, 0);
    assert.ok(record!.ruleIds?.includes('920350'), JSON.stringify(record));
  });

  it('rewritten to a lab domain, the same request does not fire 920350', async () => {
    const [record] = await joined(lab.domains[0]!, 'rewritten');
    assert.equal(record!.domain, lab.domains[0]);
    assert.equal(record!.wafStatus, 200);
    assert.ok(!(record!.ruleIds ?? []).includes('920350'), JSON.stringify(record));
  });

  it('refuses as-captured combined with domains', () => {
    assert.throws(
      () =>
        parseMeasureInputs({
          target: 'http://127.0.0.1:1',
          version: '1',
          'access-log': '/x',
          corpus,
          domains: 'as-captured,a.test',
        }),
      /cannot be combined with domains/,
    );
  });
});
