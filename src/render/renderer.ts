import type { GroupBy } from '../report/document.js';

/** What a renderer may need besides the document; every field has a default. */
export interface RenderOptions {
  /** ANSI colours (decided once, by the CLI: `colorEnabled`). Default: none. */
  color?: boolean;
  /** Rows of the report's table, Markdown and CSV views. Default: `function`. */
  groupBy?: GroupBy;
  /** Lint: file paths are shown relative to it (the repository root in CI). */
  baseDir?: string;
  /** Lint SARIF: the tool version it names. */
  toolVersion?: string;
}

export type Renderer<D> = (document: D, options: RenderOptions) => string;

/** One document kind's renderers by `--output` format, the default first. */
export type Renderers<D> = Readonly<Record<string, Renderer<D>>>;

/** Renders a document in one of its formats (an unknown format is a programming error: the CLI offers only the table's keys). */
export function renderWith<D>(renderers: Renderers<D>, kind: string, format: string, document: D, options: RenderOptions = {}): string {
  const renderer = renderers[format];
  if (!renderer) throw new Error(`no ${format} renderer for ${kind} documents (formats: ${Object.keys(renderers).join(', ')})`);
  return renderer(document, options);
}
