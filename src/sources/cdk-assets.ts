/**
 * CDK asset manifests (`<Stack>.assets.json` in a cloud assembly): where the code of a function
 * lives when the template has no `aws:asset:path` metadata (`cdk synth --no-asset-metadata`, or a
 * synthesizer that omits it). The template names the asset only by its S3 key; the manifest maps
 * each asset id to its source and its destinations:
 *
 * ```json
 * { "version": "48.0.0",
 *   "files": { "<hash>": { "source": { "path": "asset.<hash>", "packaging": "zip" },
 *                          "destinations": { "current_account-current_region": {
 *                            "bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}",
 *                            "objectKey": "<hash>.zip" } } } } }
 * ```
 *
 * (aws-cdk `cloud-assembly-schema`, `FileAsset`/`FileSource`/`FileDestination`: `path` is relative
 * to the manifest's folder; `packaging` is `zip` for a folder zipped on upload, `file` for a file
 * uploaded as is.) A manifest is data from wherever the assembly came from: a source path must stay
 * inside the assembly folder.
 */

import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { TemplateNote } from './extraction.js';
import { isRecord } from './parse/values.js';

export interface CdkAsset {
  /** Absolute path of the folder or file the asset is made from. */
  path: string;
  /** The source path as the manifest writes it. */
  written: string;
  manifest: string;
  id: string;
}

interface Entry extends CdkAsset {
  objectKeys: string[];
}

export class CdkAssetIndex {
  private readonly byFolder = new Map<string, Promise<Entry[]>>();

  constructor(private readonly notes: TemplateNote[]) {}

  /** The asset a template's `Code.S3Key` names, from the asset manifests beside the template. */
  async find(templateFile: string, s3Key: string): Promise<CdkAsset | undefined> {
    const folder = dirname(templateFile);
    let entries = this.byFolder.get(folder);
    if (!entries) {
      entries = this.read(folder);
      this.byFolder.set(folder, entries);
    }
    const all = await entries;
    const byKey = all.filter((entry) => entry.objectKeys.includes(s3Key));
    if (byKey.length > 0) return byKey[0];
    // A destination with a prefix the template adds itself: the key still ends with the asset id.
    const stem = basename(s3Key).replace(/\.[A-Za-z0-9]+$/, '');
    return all.find((entry) => entry.id === stem);
  }

  private async read(folder: string): Promise<Entry[]> {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    const realFolder = await fs.realpath(folder).catch(() => resolve(folder));
    const entries: Entry[] = [];
    for (const name of names.filter((n) => n.endsWith('.assets.json')).sort()) {
      const manifest = join(folder, name);
      let root: unknown;
      try {
        root = JSON.parse(await fs.readFile(manifest, 'utf8'));
      } catch (error) {
        this.notes.push({
          severity: 'warning',
          message: `${manifest} cannot be read as a CDK asset manifest (${(error as Error).message}); its assets are not measured`,
          file: manifest,
        });
        continue;
      }
      const files = isRecord(root) && isRecord(root.files) ? root.files : {};
      for (const [id, asset] of Object.entries(files)) {
        if (!isRecord(asset) || !isRecord(asset.source) || typeof asset.source.path !== 'string') continue;
        const written = asset.source.path;
        if (!(await staysInside(realFolder, written))) {
          this.notes.push({ severity: 'warning', message: `${manifest}: asset ${id} names ${written}, outside the cloud assembly folder; it is not measured`, file: manifest });
          continue;
        }
        const destinations = isRecord(asset.destinations) ? Object.values(asset.destinations) : [];
        const objectKeys = destinations.flatMap((d) => (isRecord(d) && typeof d.objectKey === 'string' ? [d.objectKey] : []));
        entries.push({ id, path: join(folder, written), written, manifest, objectKeys });
      }
    }
    return entries;
  }
}

/**
 * Whether a path a CDK manifest names, resolved from the assembly's real folder (links followed),
 * stays inside it: `"../../home/user/.aws/credentials"` must not be read.
 */
export async function staysInside(realFolder: string, written: string): Promise<boolean> {
  const target = resolve(realFolder, written);
  const real = await fs.realpath(target).catch(() => target);
  return real === realFolder || real.startsWith(realFolder + sep);
}
