/**
 * `${{ }}` evaluation for the local workflow executor with GitHub's own expression engine
 * (@actions/expressions): contexts are plain JSON turned into its data types, the status functions
 * success()/failure()/always()/cancelled() are bound to the status of the job (or composite action)
 * at the time of the call, and template tokens of @actions/workflow-parser are evaluated to plain values.
 */
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { TokenType as ExprTokenType } from '@actions/expressions/lexer';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { TokenType } from '@actions/workflow-parser/templates/tokens/types';
import { parse as parseYaml } from 'yaml';

/**
 * The status the status functions see: success() is true only for 'success', failure() only for
 * 'failure', cancelled() only for 'cancelled'; 'skipped' (a needed job was skipped) makes all three false.
 */
export type RunStatus = 'success' | 'failure' | 'cancelled' | 'skipped';

/** Contexts by name (github, env, steps, needs, ...) as plain JSON values. */
export type Contexts = Record<string, unknown>;

/** Where an expression is evaluated: its contexts and the current status. */
export interface Scope {
  contexts: Contexts;
  status: () => RunStatus;
  /** cancelled() when it differs from `status() === 'cancelled'` (a composite action's steps read the job). */
  cancelled?: () => boolean;
  /** For error messages: file and line of the workflow or action. */
  where?: string;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

function statusFunctions(scope: Scope): Map<string, FunctionDefinition> {
  const fn = (name: string, call: () => boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(call()) },
  ];
  return new Map([
    fn('success', () => scope.status() === 'success'),
    fn('failure', () => scope.status() === 'failure'),
    fn('cancelled', () => (scope.cancelled ? scope.cancelled() : scope.status() === 'cancelled')),
    fn('always', () => true),
    // hashFiles is not needed by this project's workflows: fail loudly rather than return a fake hash.
    [
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: () => {
          throw new Error('hashFiles() is not supported by the local workflow executor');
        },
      },
    ],
  ]);
}

function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

function toPlain(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer)) as unknown;
}

/** Evaluates one expression (without `${{ }}`) to a plain value. */
export function evaluateExpression(expression: string, scope: Scope): unknown {
  const context = new data.Dictionary();
  for (const [name, value] of Object.entries(scope.contexts)) context.add(name, toData(value));
  try {
    const lexed = new Lexer(expression).lex();
    const parsed = new Parser(lexed.tokens, Object.keys(scope.contexts), [
      ...STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
      { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
    ]).parse();
    return toPlain(new Evaluator(parsed, context, statusFunctions(scope)).evaluate());
  } catch (error) {
    throw new Error(
      `${scope.where ?? 'workflow'}: cannot evaluate \${{ ${expression} }}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The runner's string form of an expression result (booleans and numbers as text, null as ''). */
export function asString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** The expression engine's truthiness: false, 0, '', null and NaN are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

/** The fields of a BasicExpressionToken this module reads. */
interface ExpressionTokenFields {
  expression: string;
  source: string | undefined;
  originalExpressions: unknown[] | undefined;
  blockScalarHeader: string | undefined;
}

/**
 * The literal text of a string with embedded `${{ }}`. The parser's own format() rewrite keeps the
 * indentation of block scalars and its lexer unescapes only the first `''` of a string literal
 * (@actions/expressions 0.3.61 serves the language server, not a runner), so the text is read again
 * from the token's YAML source, as the runner reads the YAML value.
 */
function templateText(token: ExpressionTokenFields): string {
  const source = token.source ?? '';
  const value: unknown =
    token.blockScalarHeader === undefined
      ? parseYaml(source)
      : parseYaml(`${token.blockScalarHeader}\n${source}`);
  if (typeof value !== 'string')
    throw new Error(`cannot read the string value of ${JSON.stringify(source)}`);
  return value;
}

/** Replaces every `${{ expression }}` in `text` with its value (string literals may hold `}}`). */
export function substitute(text: string, scope: Scope): string {
  let result = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('${{', at);
    if (open < 0) return result + text.slice(at);
    let i = open + 3;
    let inString = false;
    for (; i < text.length; i += 1) {
      if (text[i] === "'") inString = !inString;
      else if (!inString && text.startsWith('}}', i)) break;
    }
    if (i >= text.length)
      throw new Error(`${scope.where ?? 'workflow'}: unclosed \${{ in ${JSON.stringify(text)}`);
    result +=
      text.slice(at, open) + asString(evaluateExpression(text.slice(open + 3, i).trim(), scope));
    at = i + 2;
  }
}

/** Evaluates a template token (string, expression, mapping, sequence, ...) to a plain value. */
export function evaluateToken(token: TemplateToken | undefined, scope: Scope): unknown {
  if (!token) return undefined;
  const where =
    token.line === undefined ? scope.where : `${scope.where ?? 'workflow'} line ${token.line}`;
  const inner: Scope = where === undefined ? scope : { ...scope, where };
  switch (token.templateTokenType as TokenType) {
    case TokenType.BasicExpression: {
      const expression = token as unknown as ExpressionTokenFields;
      if (expression.originalExpressions && expression.source !== undefined)
        return substitute(templateText(expression), inner);
      return evaluateExpression(expression.expression, inner);
    }
    case TokenType.String:
      return token.assertString('value').value;
    case TokenType.Boolean:
      return token.assertBoolean('value').value;
    case TokenType.Number:
      return token.assertNumber('value').value;
    case TokenType.Null:
      return null;
    case TokenType.Sequence: {
      const sequence = token.assertSequence('value');
      const values: unknown[] = [];
      for (let i = 0; i < sequence.count; i += 1)
        values.push(evaluateToken(sequence.get(i), inner));
      return values;
    }
    case TokenType.Mapping: {
      const result: Record<string, unknown> = {};
      for (const pair of token.assertMapping('value'))
        result[asString(evaluateToken(pair.key, inner))] = evaluateToken(pair.value, inner);
      return result;
    }
    default:
      throw new Error(`${where ?? 'workflow'}: unsupported token ${token.typeName()}`);
  }
}

/** Evaluates a token to the string the runner would pass on (env, with, run). */
export function evaluateString(token: TemplateToken | undefined, scope: Scope): string {
  return asString(evaluateToken(token, scope));
}

/** Evaluates a mapping token to a record of strings (env:, with:). */
export function evaluateStringMap(
  token: TemplateToken | undefined,
  scope: Scope,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!token) return result;
  const value = evaluateToken(token, scope);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${scope.where ?? 'workflow'}: expected a mapping, got ${asString(value)}`);
  for (const [key, item] of Object.entries(value)) result[key] = asString(item);
  return result;
}

/** True when the expression calls a status function (then the runner does not add success()). */
function callsStatusFunction(expression: string): boolean {
  const tokens = new Lexer(expression).lex().tokens;
  return tokens.some(
    (t, i) =>
      t.type === ExprTokenType.IDENTIFIER &&
      STATUS_FUNCTIONS.includes(t.lexeme.toLowerCase()) &&
      tokens[i + 1]?.type === ExprTokenType.LEFT_PAREN,
  );
}

/**
 * Evaluates an `if:` condition the runner's way: `${{ }}` optional, `success() && (...)` added when
 * the condition calls no status function, missing condition = success().
 */
export function evaluateCondition(token: TemplateToken | undefined, scope: Scope): boolean {
  if (!token) return scope.status() === 'success';
  let expression: string;
  if (token.templateTokenType === (TokenType.BasicExpression as number))
    expression = (token as unknown as { expression: string }).expression;
  else if (token.templateTokenType === (TokenType.Boolean as number))
    expression = String(token.assertBoolean('if').value);
  else expression = token.assertString('if').value.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expression);
  if (wrapped) expression = wrapped[1]!.trim();
  if (!callsStatusFunction(expression)) expression = `success() && (${expression})`;
  const where =
    token.line === undefined ? scope.where : `${scope.where ?? 'workflow'} line ${token.line}`;
  return truthy(evaluateExpression(expression, where === undefined ? scope : { ...scope, where }));
}
