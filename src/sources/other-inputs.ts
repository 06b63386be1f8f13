/**
 * Folder inputs besides CloudFormation templates and plan JSON: a Terraform root module (`*.tf`)
 * and `serverless.yml`. Kept apart from templates.ts so the folder dispatch there stays a few lines.
 */

import { type Dirent, promises as fs } from 'node:fs';
import { basename, join, sep } from 'node:path';
import type { TemplateNote } from './extraction.js';
import { isServerlessFileName } from './serverless/serverless.js';
import type { TerraformFolderOptions, TerraformFolderResult } from './terraform/hcl.js';

export interface OtherInputs {
  /** The folder read as a Terraform root module (it holds `.tf` files). */
  terraform?: TerraformFolderResult;
  notes: TemplateNote[];
}

export function isServerlessFile(file: string): boolean {
  return isServerlessFileName(basename(file));
}

/** Why a folder run did not read a file, in a few words. */
export function skipReason(name: string, text: string): string {
  if (/\.json$/i.test(name)) return /"format_version"/.test(text) ? 'JSON without planned_values' : 'JSON without Resources or format_version';
  if (/\.ya?ml$/i.test(name)) return 'YAML without Resources, and not named serverless.yml';
  return 'not a template';
}

/**
 * The info note (shown with --verbose) naming what a folder run did not even open: files of other
 * kinds and subfolders, each with why. Undefined when there is none.
 */
export function unreadEntries(folder: string, entries: Dirent[], considered: (entry: Dirent) => boolean, reasons: { files: string; subfolders: string }): TemplateNote | undefined {
  const files = entries.filter((entry) => entry.isFile() && !considered(entry)).map((entry) => entry.name);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => `${entry.name}/`);
  const parts: string[] = [];
  if (files.length > 0) parts.push(`${files.length} file${files.length === 1 ? '' : 's'} (${reasons.files}): ${files.sort().join(', ')}`);
  if (folders.length > 0) parts.push(`${folders.length} subfolder${folders.length === 1 ? '' : 's'} (${reasons.subfolders}): ${folders.sort().join(', ')}`);
  return parts.length === 0 ? undefined : { severity: 'info', message: `not read: ${parts.join('; ')}`, file: folder };
}

export async function readOtherInputs(folder: string, options: TerraformFolderOptions): Promise<OtherInputs> {
  const entries: Dirent[] = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isFile()).map((e) => e.name);
  if (!names.some((name) => name.endsWith('.tf'))) return { notes: [] };
  // Loaded lazily: the HCL parser (WebAssembly) is needed for Terraform folders only.
  const { extractTerraformFolder } = await import('./terraform/hcl.js');
  const terraform = await extractTerraformFolder(folder, options);
  const other = names.filter((name) => /\.(ya?ml|json|template|tf\.json)$/i.test(name) && !/\.tfvars\.json$/.test(name)).sort();
  const notes: TemplateNote[] = [];
  if (other.length > 0) {
    notes.push({
      severity: 'warning',
      message: `read as a Terraform module; skipped ${other.length} file${other.length === 1 ? '' : 's'}: ${other.map((n) => `${n} (${/\.tf\.json$/.test(n) ? 'Terraform JSON syntax is not read' : 'pass it by name to lint it'})`).join('; ')}`,
      file: folder,
    });
  }
  // Local modules (`source = "./modules/x"`) are read where a module block calls them; other subfolders are not.
  const modules = entries.filter((e) => e.isDirectory() && terraform.files.some((file) => file.startsWith(join(folder, e.name) + sep)));
  const unread = unreadEntries(
    folder,
    entries.filter((e) => !modules.includes(e)),
    (e) => /\.(tf|tfvars|ya?ml|json|template)$/i.test(e.name),
    {
      files: 'not Terraform, template or plan files',
      subfolders: 'no module block names them',
    },
  );
  if (unread) notes.push(unread);
  return { terraform, notes };
}
