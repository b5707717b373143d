/**
 * Applying declared edits on the WAF host: every changed file is backed up into the state file before it
 * is written; validation (nginx -t or a configured check) runs before any reload; `restoreFileChange`
 * puts one file back.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { applyTextEdit, renderTemplate } from './edits.js';
import type { StateStore } from './state.js';
import type { ConfigEdit, StateChange } from './types.js';

async function writeWithBackup(
  host: Host,
  path: string,
  content: string,
  store: StateStore,
): Promise<boolean> {
  const stat = await host.stat(path);
  const before = stat === null ? null : await host.readFile(path);
  if (before !== null && before.toString('utf8') === content) return false;
  const mode = stat === null ? undefined : stat.mode & 0o7777;
  await store.record({
    kind: 'file',
    path,
    existed: before !== null,
    ...(before === null ? {} : { contentBase64: before.toString('base64') }),
    ...(mode === undefined ? {} : { mode }),
  });
  await host.writeFile(path, content, mode === undefined ? {} : { mode });
  return true;
}

/**
 * Applies `edits` in order (edits of one file are applied together), backing up each changed file.
 * @returns the paths changed.
 * @throws WafGateError `E_EDIT_NO_MATCH` when a non-optional pattern matches nothing (nothing of that
 *   file is written), `E_EDIT_FILE` when a file to edit does not exist.
 */
export async function applyEdits(
  host: Host,
  edits: readonly ConfigEdit[],
  store: StateStore,
  logger: Logger,
): Promise<string[]> {
  const changed: string[] = [];
  const texts = new Map<string, string>();
  const order: string[] = [];
  for (const [index, edit] of edits.entries()) {
    if (edit.kind === 'dropin') continue;
    let text = texts.get(edit.file);
    if (text === undefined) {
      if ((await host.stat(edit.file)) === null) {
        throw new WafGateError(
          'E_EDIT_FILE',
          `edits[${index}]: ${edit.file} does not exist on ${host.name}`,
          {
            hint: 'Check the file path of the edit.',
          },
        );
      }
      text = (await host.readFile(edit.file)).toString('utf8');
      order.push(edit.file);
    }
    const result = applyTextEdit(text, edit);
    if (result.matches === 0 && !edit.optional) {
      const what =
        edit.kind === 'replace' ? `pattern /${edit.pattern}/` : `directive ${edit.directive}`;
      throw new WafGateError(
        'E_EDIT_NO_MATCH',
        `edits[${index}]: ${what} matched nothing in ${edit.file}`,
        {
          hint: 'Fix the pattern, or set `optional: true` on the edit.',
        },
      );
    }
    texts.set(edit.file, result.text);
  }
  for (const file of order) {
    if (await writeWithBackup(host, file, texts.get(file)!, store)) {
      changed.push(file);
      logger.info(`Edited ${file}.`);
    }
  }
  for (const edit of edits) {
    if (edit.kind !== 'dropin') continue;
    const entries = (await readdir(edit.from, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const source = join(edit.from, entry.name);
      const rendered = renderTemplate(await readFile(source, 'utf8'), edit.vars, source);
      const target = posix.join(edit.to, entry.name);
      if (await writeWithBackup(host, target, rendered, store)) {
        changed.push(target);
        logger.info(`Wrote ${target} from ${source}.`);
      }
    }
  }
  return changed;
}

/**
 * Runs the validation command (e.g. `nginx -t`).
 * @throws WafGateError `E_CONFIG_INVALID` carrying the command's output (nginx's error text).
 */
export async function validateConfig(
  host: Host,
  check: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  const [command, ...args] = check;
  const result = await host.exec(command!, args, { allowFailure: true, timeoutMs });
  if (result.exitCode !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim();
    throw new WafGateError(
      'E_CONFIG_INVALID',
      `Configuration check failed (${check.join(' ')}): ${output}`,
      {
        context: { host: host.name, exitCode: result.exitCode ?? result.signal ?? 'unknown' },
        hint: 'The edited files were restored from their backups; fix the edits and run again.',
      },
    );
  }
}

/** Puts one backed-up file back (or removes a file that did not exist). Idempotent. */
export async function restoreFileChange(
  host: Host,
  change: Extract<StateChange, { kind: 'file' }>,
): Promise<void> {
  if (!change.existed) {
    await host.rm(change.path, { force: true });
    return;
  }
  const content = Buffer.from(change.contentBase64 ?? '', 'base64');
  await host.writeFile(
    change.path,
    content,
    change.mode === undefined ? {} : { mode: change.mode },
  );
}
