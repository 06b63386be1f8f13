/**
 * Folder inputs besides CloudFormation templates and plan JSON: a Terraform root module (`*.tf`)
 * and `serverless.yml`. Kept apart from templates.ts so the folder dispatch there stays a few lines.
 */

import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
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

export async function readOtherInputs(folder: string, options: TerraformFolderOptions): Promise<OtherInputs> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
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
  return { terraform, notes };
}
