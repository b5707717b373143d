/**
 * The target and corpus a merging step was given (replay-traffic's required inputs, `waf-gate merge
 * --target/--corpus`), turned into what the shards must match: the parsed target and the corpus
 * fingerprint, computed by scanning the corpus here (entries are not kept).
 */
import { parseBoolean } from '../common/options.js';
import { loadCorpus } from '../corpus/load.js';
import type { MergeExpectations } from './merge-shards.js';
import { parseTarget } from './options.js';

/** Empty texts check nothing. */
export async function mergeExpectations(
  target: string,
  corpus: string,
  skipInvalid = '',
): Promise<MergeExpectations> {
  const expect: MergeExpectations = {};
  if (target.trim() !== '') expect.target = parseTarget('target', target);
  if (corpus.trim() !== '') {
    const skip = skipInvalid.trim() === '' ? false : parseBoolean('skip-invalid', skipInvalid);
    const loaded = await loadCorpus(corpus, { keepEntries: false, skipInvalid: skip });
    expect.corpusFingerprint = loaded.fingerprint;
  }
  return expect;
}
