/**
 * Reads workflow and action files with GitHub's own parser (@actions/workflow-parser): schema errors and
 * expression syntax errors are reported with file and line, and the executor walks the parsed token tree
 * (the converted model drops `with:`, `shell:`, `working-directory:` and `timeout-minutes:`).
 */
import { readFile } from 'node:fs/promises';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import { TokenType } from '@actions/workflow-parser/templates/tokens/types';

/** A parsed file: its root mapping and its name (for messages). */
export interface ParsedFile {
  file: string;
  root: MappingToken;
}

function failOnErrors(file: string, errors: { message: string }[]): void {
  if (errors.length > 0)
    throw new Error(
      `${file}: ${errors.length} error(s) from @actions/workflow-parser:\n` +
        errors.map((e) => `  ${e.message}`).join('\n'),
    );
}

/** Parses and validates a workflow file; throws naming every parser error. */
export async function loadWorkflow(file: string): Promise<ParsedFile> {
  const content = await readFile(file, 'utf8');
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  failOnErrors(file, parsed.context.errors.getErrors());
  if (!parsed.value) throw new Error(`${file}: the workflow parser returned no document`);
  // The converter checks what the schema cannot (needs of unknown jobs, cycles, matrix shape).
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  failOnErrors(file, [
    ...parsed.context.errors.getErrors(),
    ...(template.errors ?? []).map((e) => ({ message: e.Message })),
  ]);
  return { file, root: parsed.value.assertMapping('workflow') };
}

/** Parses and validates an action.yml; throws naming every parser error. */
export async function loadAction(file: string): Promise<ParsedFile> {
  const content = await readFile(file, 'utf8');
  const parsed = parseAction({ name: file, content }, new NoOperationTraceWriter());
  failOnErrors(file, parsed.context.errors.getErrors());
  if (!parsed.value) throw new Error(`${file}: the action parser returned no document`);
  return { file, root: parsed.value.assertMapping('action') };
}

/** The value of `key` in a mapping (case-sensitive, as YAML keys are). */
export function child(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (!token || token.templateTokenType !== (TokenType.Mapping as number)) return undefined;
  return (token as MappingToken).find(key);
}

/** The pairs of a mapping as [key, value] with literal keys. */
export function pairs(token: TemplateToken | undefined): [string, TemplateToken][] {
  if (!token || token.templateTokenType !== (TokenType.Mapping as number)) return [];
  return [...(token as MappingToken)].map((p) => [p.key.toString(), p.value]);
}

/** The items of a sequence (a scalar counts as a one-item sequence, as for `needs: a`). */
export function items(token: TemplateToken | undefined): TemplateToken[] {
  if (!token) return [];
  if (token.templateTokenType !== (TokenType.Sequence as number)) return [token];
  const sequence = token.assertSequence('sequence');
  const result: TemplateToken[] = [];
  for (let i = 0; i < sequence.count; i += 1) result.push(sequence.get(i));
  return result;
}

/** A literal string value, or undefined when absent. */
export function literal(token: TemplateToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.templateTokenType === (TokenType.String as number))
    return token.assertString('value').value;
  if (token.templateTokenType === (TokenType.Boolean as number))
    return String(token.assertBoolean('value').value);
  if (token.templateTokenType === (TokenType.Number as number))
    return String(token.assertNumber('value').value);
  return undefined;
}
