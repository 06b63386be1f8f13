import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The layering STYLE.md asks for, checked on the source text: I/O at the edges, no import cycle. */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
/** Folders that may touch the file system: the AWS collector, the input readers and the CLI. */
const IO_FOLDERS = ['aws', 'sources', 'cli'];
/** The pure core: quantities, data and documents in, documents out. */
const CORE_FOLDERS = ['pricing', 'quotas', 'recommend', 'model', 'report', 'gate', 'render', 'diff', 'reconcile'];
/** Where data is read (files, AWS, the demo account) and flags are parsed. */
const EDGE_FOLDERS = ['aws', 'sources', 'cli', 'demo'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier of a file's static imports and re-exports, and its dynamic `import('…')`s. */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

/** Type-only imports vanish at runtime and cannot make a cycle of module evaluation. */
function runtimeImportsOf(text: string): string[] {
  const withoutTypeOnly = text.replace(/^\s*(?:import|export)\s+type\b[^;]*;/gm, '');
  return importsOf(withoutTypeOnly);
}

/** The first cycle of a graph (as a path that returns to its start), or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'active') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

const files = sourceFiles(SRC);

describe('architecture', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it(`no node:fs import outside ${IO_FOLDERS.join('/, ')}/`, () => {
    const offenders = files
      .filter((file) => !IO_FOLDERS.includes(relative(SRC, file).split('/')[0]!) || !relative(SRC, file).includes('/'))
      .filter((file) => importsOf(readFileSync(file, 'utf8')).some((specifier) => /^(node:)?fs(\/promises)?$/.test(specifier)))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it(`the core (${CORE_FOLDERS.join('/, ')}/) loads nothing from ${EDGE_FOLDERS.join('/, ')}/: data comes in as arguments`, () => {
    const offenders = files
      .filter((file) => CORE_FOLDERS.includes(relative(SRC, file).split('/')[0]!))
      .flatMap((file) =>
        runtimeImportsOf(readFileSync(file, 'utf8'))
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => relative(SRC, resolve(dirname(file), specifier)))
          .filter((target) => EDGE_FOLDERS.includes(target.split('/')[0]!))
          .map((target) => `${relative(SRC, file)} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('no import cycle in src/', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const local = runtimeImportsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      graph.set(relative(SRC, file), local);
    }
    expect(findCycle(graph)).toBeUndefined();
  });
});

describe('the checks themselves', () => {
  it('importsOf reads static, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import { readFile } from 'node:fs/promises';",
      "import type { X } from './x.js';",
      "export { y } from '../y.js';",
      "import './side-effect.js';",
      "const m = await import('fs');",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../y.js', './side-effect.js', './x.js', 'fs', 'node:fs/promises']);
    expect(runtimeImportsOf(text)).not.toContain('./x.js');
  });

  it('findCycle reports a cycle as a path and nothing for a tree', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeUndefined();
  });
});
