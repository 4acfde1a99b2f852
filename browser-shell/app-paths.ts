/** Where the built pieces are, wherever this code runs from (source with tsx, or the bundle in dist/). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the application root (no package.json above this file)');
    dir = parent;
  }
  return dir;
}

export function builtPaths(root: string) {
  return {
    hostEntry: join(root, 'dist', 'host', 'main.mjs'),
    platformEntry: join(root, 'dist', 'platform', 'main.mjs'),
    uiDir: join(root, 'dist', 'renderer'),
  };
}
