import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package root (where package.json, pricing/, quotas/ and schemas/ live), found by walking up
 * from this module: the same code runs from src/ (tests), dist/ (the CLI) and compiled benchmarks.
 */
export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'pricing'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('edgecost: cannot find the package root (package.json beside pricing/)');
    directory = parent;
  }
  root = directory;
  return root;
}

export function packagePath(relative: string): string {
  return join(packageRoot(), relative);
}
