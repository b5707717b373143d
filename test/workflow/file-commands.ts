/**
 * The runner's file commands: GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE hold `name=value` lines or the
 * multi-line form `name<<DELIMITER` … `DELIMITER`; GITHUB_PATH holds one folder per line.
 */

/** Parses a GITHUB_OUTPUT/GITHUB_ENV file; throws on a heredoc without its closing delimiter. */
export function parseKeyValueFile(text: string, file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (delimiter === '')
        throw new Error(`${file} line ${i + 1}: empty delimiter after ${name}<<`);
      const value: string[] = [];
      let closed = false;
      for (i += 1; i < lines.length; i += 1) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i]!);
      }
      if (!closed)
        throw new Error(`${file}: matching delimiter not found '${delimiter}' for ${name}`);
      result[name] = value.join('\n');
    } else if (equals > 0) {
      result[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(
        `${file} line ${i + 1}: invalid format '${line}' (expected name=value or name<<DELIMITER)`,
      );
    }
  }
  return result;
}

/** Parses a GITHUB_PATH file: one folder per non-empty line. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
