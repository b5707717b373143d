/** Finds files shipped with waf-gate (the demo corpus) from the bundle or from source. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding waf-gate's package.json, searched upwards from this module. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 8; i += 1) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'waf-gate')
          return dir;
      } catch {
        /* not ours: keep looking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find waf-gate's package.json above ${from}`);
}

/** The bundled demo corpus folder. */
export function demoCorpusDir(): string {
  return join(packageRoot(), 'corpus', 'demo');
}
