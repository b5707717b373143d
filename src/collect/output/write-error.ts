/** A failed write of a collect result file (full disk, a folder that is a file…): names the file. */
import { WafGateError } from '../../common/errors.js';

/** The error code of a failed write, e.g. `ENOSPC`. */
export function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * `E_COLLECT_WRITE` for `file`. An error that already names its file (`E_WRITE` from writeJsonFile)
 * is returned as it is.
 */
export function collectWriteError(file: string, error: unknown): WafGateError {
  if ((error as { code?: unknown } | null)?.code === 'E_WRITE') return error as WafGateError;
  const code = errnoCode(error);
  return new WafGateError('E_COLLECT_WRITE', `Cannot write ${file}: ${code}.`, {
    context: { file },
    cause: error,
    hint:
      code === 'ENOSPC'
        ? 'The disk is full: free space (or choose another --out-dir) and run the step again.'
        : 'Check that --out-dir is a writable folder, then run the step again.',
  });
}
