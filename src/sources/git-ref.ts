import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { InputError, UsageError } from '../errors.js';
import { type LoadedTemplates, loadTemplateSources, loadTemplates } from './templates.js';

const run = promisify(execFile);

/**
 * `--base-ref REF`: the head paths as they were at a git ref (`git show REF:path`), so a pull-request
 * job prices its change with one flag. A file the ref does not have is new in the change (its base is
 * empty). A folder (a cdk.out) is copied out of the ref into a temporary folder and read as a whole.
 */
export async function loadTemplatesAtRef(ref: string, paths: string[], notes: string[]): Promise<LoadedTemplates> {
  if (!/^[\w./@^~{}-]+$/.test(ref) || ref.startsWith('-')) throw new UsageError(`--base-ref: "${ref}" is not a git ref`);
  const root = await git(['rev-parse', '--show-toplevel'], process.cwd()).catch((error: Error) => {
    throw new UsageError(`--base-ref needs a git repository: ${firstLine(error)}`);
  });
  await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root.trim()).catch(() => {
    throw new UsageError(`--base-ref: git knows no commit "${ref}" (fetch it first, e.g. \`git fetch origin ${ref}\` or checkout with fetch-depth: 0)`);
  });
  const top = root.trim();
  const sources: { file: string; text: string }[] = [];
  const folders: string[] = [];
  for (const path of paths) {
    const inRepo = relative(top, resolve(path)).split('\\').join('/');
    if (inRepo.startsWith('..')) throw new InputError(path, `is outside the git repository ${top}`);
    const type = (await git(['cat-file', '-t', `${ref}:${inRepo}`], top).catch(() => '')).trim();
    if (type === '') {
      notes.push(`${path} does not exist at ${ref}: it is new in this change`);
    } else if (type === 'blob') {
      sources.push({ file: path, text: await git(['show', `${ref}:${inRepo}`], top) });
    } else {
      folders.push(inRepo);
    }
  }
  if (folders.length === 0) return loadTemplateSources(sources);
  const scratch = await mkdtemp(join(tmpdir(), 'edgecost-base-'));
  try {
    const copied: string[] = [];
    for (const folder of folders) {
      const files = (await git(['ls-tree', '-r', '--name-only', ref, '--', folder], top)).split('\n').filter(Boolean);
      for (const file of files) {
        const target = join(scratch, file);
        await fs.mkdir(dirname(target), { recursive: true });
        await fs.writeFile(target, await git(['show', `${ref}:${file}`], top));
      }
      copied.push(join(scratch, folder));
    }
    const loaded = await loadTemplates(copied);
    const fromSources = sources.length > 0 ? await loadTemplateSources(sources) : undefined;
    const unscratch = (file: string) => (file.startsWith(scratch) ? `${ref}:${relative(scratch, file)}` : file);
    for (const fn of loaded.inventory.functions) if (fn.source) fn.source.file = unscratch(fn.source.file);
    for (const d of loaded.inventory.distributions) if (d.source) d.source.file = unscratch(d.source.file);
    if (!fromSources) return { ...loaded, files: loaded.files.map(unscratch) };
    return {
      inventory: {
        functions: [...loaded.inventory.functions, ...fromSources.inventory.functions],
        distributions: [...loaded.inventory.distributions, ...fromSources.inventory.distributions],
      },
      files: [...loaded.files.map(unscratch), ...fromSources.files],
      notes: [...loaded.notes, ...fromSources.notes],
      defects: [...loaded.defects, ...fromSources.defects],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

function firstLine(error: Error): string {
  const stderr = (error as { stderr?: string }).stderr;
  return (stderr || error.message).split('\n')[0] ?? '';
}
