/**
 * `strategy.matrix` expansion as GitHub does it for simple matrices: the cross product of the axes,
 * minus `exclude` entries, then every `include` entry either extends the combinations it matches (on
 * the original axes) or is added as a combination of its own.
 */

type Combination = Record<string, unknown>;

function matches(combination: Combination, entry: Combination, keys: string[]): boolean {
  return keys.every(
    (k) => !(k in entry) || JSON.stringify(entry[k]) === JSON.stringify(combination[k]),
  );
}

/** The job's combinations; [undefined] when the job has no matrix. */
export function expandMatrix(matrix: unknown): (Combination | undefined)[] {
  if (matrix === undefined || matrix === null) return [undefined];
  if (typeof matrix !== 'object' || Array.isArray(matrix))
    throw new Error(`strategy.matrix must be a mapping, got ${JSON.stringify(matrix)}`);
  const { include, exclude, ...axes } = matrix as Record<string, unknown>;
  const keys = Object.keys(axes);
  let combinations: Combination[] = keys.length > 0 ? [{}] : [];
  for (const key of keys) {
    const values = axes[key];
    if (!Array.isArray(values)) throw new Error(`strategy.matrix.${key} must be a list`);
    combinations = combinations.flatMap((c) => values.map((v: unknown) => ({ ...c, [key]: v })));
  }
  const excludes = (Array.isArray(exclude) ? exclude : []) as Combination[];
  combinations = combinations.filter((c) => !excludes.some((e) => matches(c, e, Object.keys(e))));
  for (const entry of (Array.isArray(include) ? include : []) as Combination[]) {
    const extended = combinations.filter((c) => matches(c, entry, keys));
    const conflictFree = extended.filter((c) =>
      Object.keys(entry).every((k) => keys.includes(k) || !(k in c) || c[k] === entry[k]),
    );
    if (conflictFree.length > 0) {
      for (const c of conflictFree) Object.assign(c, entry);
    } else {
      combinations.push({ ...entry });
    }
  }
  return combinations.length > 0 ? combinations : [undefined];
}
