/**
 * A scalar read from YAML or JSON (string, number, boolean, bigint) as text, the way the document shows
 * it. Anything else (an object, a list, a function) is written as JSON so that a message never reads
 * "[object Object]"; callers that must refuse maps and lists check for them first.
 */
export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      return JSON.stringify(value) ?? '';
  }
}
