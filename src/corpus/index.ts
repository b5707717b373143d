/** Corpus readers: raw `====****`, go-ftw/CRS YAML, HAR 1.2 and JSON Lines. */
export * from './types.js';
export {
  loadCorpus,
  streamCorpus,
  readCorpusFile,
  CorpusHasher,
  type LoadCorpusOptions,
} from './load.js';
export { parseCorpusSpec, readFromCopy, resolveCorpusFiles, formatOf } from './sources.js';
export { buildRequest, splitUrl } from './build-request.js';
export { jsonLineToRequest } from './jsonl-reader.js';
export { ftwInputToRequest } from './ftw-reader.js';
export { harRequestToBytes } from './har-reader.js';
export {
  CorpusLinter,
  contentLengthMismatch,
  type ContentLengthMismatch,
  type CorpusWarning,
} from './lint.js';
