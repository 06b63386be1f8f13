import { escapeHtml } from './escape.js';

/**
 * Small inline-SVG charts for the HTML report. No chart library: the page must be one file with no
 * scripts, and two chart shapes (horizontal bars, a daily line) are a few dozen lines each.
 *
 * Every chart is `role="img"` with a `<title>` and a `<desc>` that lists its values as text, so a
 * screen reader (and a text search) reads the same numbers the bars show. Colours come from CSS
 * classes (`.bar`, `.line`, …) so light, dark and print palettes apply to the charts too.
 * Coordinates are rounded to 0.1 px, so the same report always gives the same bytes.
 */

/** Average advance of a 12 px system-ui glyph, used to size label columns without measuring text. */
const CHAR_WIDTH_PX = 7;
const ROW_HEIGHT_PX = 24;
const BAR_HEIGHT_PX = 16;

function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH_PX;
}

export interface ChartText {
  /** Unique in the page: used for the `id`s of the title and description. */
  id: string;
  title: string;
  /** Plain-text description; the chart adds its values after it. */
  description: string;
}

function svgOpen(chart: ChartText, width: number, height: number, className: string, valuesText: string): string {
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return [
    `<svg id="${chart.id}" class="chart ${className}" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title id="${titleId}">${escapeHtml(chart.title)}</title>`,
    `<desc id="${descId}">${escapeHtml(`${chart.description} ${valuesText}`.trim())}</desc>`,
  ].join('');
}

export interface BarDatum {
  label: string;
  /** null: the value is unknown (e.g. a failed region). No bar is drawn, only an outlined placeholder. */
  value: number | null;
  /** The printed value, e.g. `$89.48` or `unknown (region failed)`. */
  valueLabel: string;
}

export interface BarChartOptions extends ChartText {
  width?: number;
  /** Longest label kept whole; longer labels are cut with an ellipsis (the full text stays in a tooltip). */
  maxLabelChars?: number;
}

/** Horizontal bars, one row per datum, label on the left and the printed value after the bar. */
export function barChart(data: BarDatum[], options: BarChartOptions): string {
  const width = options.width ?? 720;
  const maxLabelChars = options.maxLabelChars ?? 30;
  const labels = data.map((d) => truncate(d.label, maxLabelChars));
  const labelWidth = Math.max(80, ...labels.map(textWidth)) + 12;
  const valueWidth = Math.max(48, ...data.map((d) => textWidth(d.valueLabel))) + 12;
  const barArea = Math.max(80, width - labelWidth - valueWidth);
  const max = Math.max(0, ...data.map((d) => d.value ?? 0));
  const top = 6;
  const height = top * 2 + Math.max(1, data.length) * ROW_HEIGHT_PX;

  const rows = data.map((d, index) => {
    const y = top + index * ROW_HEIGHT_PX;
    const barY = y + (ROW_HEIGHT_PX - BAR_HEIGHT_PX) / 2;
    const textY = y + ROW_HEIGHT_PX / 2 + 4;
    const label = labels[index]!;
    const parts = [
      `<g class="bar-row" data-label="${escapeHtml(d.label)}" data-value="${d.value === null ? 'unknown' : d.value}">`,
      `<title>${escapeHtml(`${d.label}: ${d.valueLabel}`)}</title>`,
      `<text class="label" x="${px(labelWidth - 8)}" y="${px(textY)}" text-anchor="end">${escapeHtml(label)}</text>`,
    ];
    let valueX: number;
    if (d.value === null) {
      const placeholder = Math.min(barArea, 48);
      parts.push(`<rect class="bar-unknown" x="${px(labelWidth)}" y="${px(barY)}" width="${px(placeholder)}" height="${BAR_HEIGHT_PX}" rx="2"/>`);
      valueX = labelWidth + placeholder + 6;
    } else {
      const barWidth = max > 0 ? (Math.max(0, d.value) / max) * barArea : 0;
      // A non-zero amount always shows at least a sliver, so "tiny" is not mistaken for "zero".
      const drawn = d.value > 0 ? Math.max(1, barWidth) : 0;
      if (drawn > 0) {
        parts.push(`<rect class="bar" x="${px(labelWidth)}" y="${px(barY)}" width="${px(drawn)}" height="${BAR_HEIGHT_PX}" rx="2"/>`);
      }
      valueX = labelWidth + drawn + 6;
    }
    parts.push(`<text class="value" x="${px(valueX)}" y="${px(textY)}">${escapeHtml(d.valueLabel)}</text>`, '</g>');
    return parts.join('');
  });
  const axis =
    data.length === 0
      ? `<text class="tick" x="${px(labelWidth)}" y="${px(top + ROW_HEIGHT_PX / 2 + 4)}">No data</text>`
      : `<line class="axis" x1="${px(labelWidth)}" y1="${top}" x2="${px(labelWidth)}" y2="${px(height - top)}"/>`;
  const valuesText = data.map((d) => `${d.label}: ${d.valueLabel}.`).join(' ');
  return `${svgOpen(options, width, height, 'bar-chart', valuesText)}${axis}${rows.join('')}</svg>`;
}

/** Ticks at 1, 2 or 5 × 10^k from 0 to at least `max`. */
export function niceTicks(max: number, targetCount = 4): { step: number; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { step: 1, ticks: [0, 1] };
  const rough = max / targetCount;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  const count = Math.ceil(max / step - 1e-9);
  // Multiply (not accumulate) so that 0.1 + 0.2 style drift cannot creep into the labels.
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { step, ticks };
}

export interface LinePoint {
  /** x label, e.g. an ISO date. */
  label: string;
  /** null: no data for that point; the line breaks there. */
  value: number | null;
}

export interface LineChartOptions extends ChartText {
  width?: number;
  height?: number;
  /** CSS class of the line and its points (`series-a`, `series-b`) so two charts can differ in colour. */
  seriesClass: string;
  formatTick: (value: number, step: number) => string;
  formatValue: (value: number) => string;
  formatLabel?: (label: string) => string;
}

/** A line over evenly spaced points (days), with a zero-based y axis, gridlines and point tooltips. */
export function lineChart(points: LinePoint[], options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 200;
  const formatLabel = options.formatLabel ?? ((label: string) => label);
  const known = points.map((p) => p.value).filter((v): v is number => v !== null);
  const { step, ticks } = niceTicks(Math.max(0, ...known));
  const tickLabels = ticks.map((t) => options.formatTick(t, step));
  const left = Math.max(...tickLabels.map(textWidth)) + 14;
  // Room for half of the last x label, which is centred on the last point.
  const right = 24;
  const top = 12;
  const bottom = 26;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const x = (index: number) => left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const y = (value: number) => top + plotHeight - (value / yMax) * plotHeight;

  const grid = ticks
    .map(
      (tick, index) =>
        `<line class="grid" x1="${px(left)}" y1="${px(y(tick))}" x2="${px(width - right)}" y2="${px(y(tick))}"/>` +
        `<text class="tick" x="${px(left - 6)}" y="${px(y(tick) + 4)}" text-anchor="end">${escapeHtml(tickLabels[index]!)}</text>`,
    )
    .join('');

  // x labels: about eight, always the first and the last, none crowding the last.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const xLabels = points
    .map((point, index) => {
      const show = index === points.length - 1 || (index % every === 0 && points.length - 1 - index >= every * 0.75);
      return show ? `<text class="tick" x="${px(x(index))}" y="${px(height - 8)}" text-anchor="middle">${escapeHtml(formatLabel(point.label))}</text>` : '';
    })
    .join('');

  const segments: string[][] = [];
  let current: string[] = [];
  points.forEach((point, index) => {
    if (point.value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
      return;
    }
    current.push(`${px(x(index))} ${px(y(point.value))}`);
  });
  if (current.length > 0) segments.push(current);
  const path = segments.map((segment) => `M${segment.join('L')}`).join('');
  const area = segments
    .filter((segment) => segment.length > 1)
    .map((segment) => {
      const first = segment[0]!.split(' ')[0];
      const last = segment[segment.length - 1]!.split(' ')[0];
      return `M${first} ${px(y(0))}L${segment.join('L')}L${last} ${px(y(0))}Z`;
    })
    .join('');
  const dots = points
    .map((point, index) =>
      point.value === null
        ? ''
        : `<circle class="point ${options.seriesClass}" cx="${px(x(index))}" cy="${px(y(point.value))}" r="2.5" data-label="${escapeHtml(point.label)}" data-value="${point.value}"><title>${escapeHtml(`${point.label}: ${options.formatValue(point.value)}`)}</title></circle>`,
    )
    .join('');
  const baseline = `<line class="axis" x1="${px(left)}" y1="${px(y(0))}" x2="${px(width - right)}" y2="${px(y(0))}"/>`;

  const knownPoints = points.filter((p): p is LinePoint & { value: number } => p.value !== null);
  const unknownCount = points.length - knownPoints.length;
  const low = knownPoints.reduce<(typeof knownPoints)[number] | undefined>((a, p) => (a === undefined || p.value < a.value ? p : a), undefined);
  const high = knownPoints.reduce<(typeof knownPoints)[number] | undefined>((a, p) => (a === undefined || p.value > a.value ? p : a), undefined);
  const summary = [
    `${points.length} points from ${points[0]?.label ?? '–'} to ${points[points.length - 1]?.label ?? '–'}.`,
    low && high ? `Lowest ${options.formatValue(low.value)} on ${low.label}; highest ${options.formatValue(high.value)} on ${high.label}.` : 'No data.',
    unknownCount > 0 ? `${unknownCount} points unknown.` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return [
    svgOpen(options, width, height, 'line-chart', summary),
    grid,
    area ? `<path class="area ${options.seriesClass}" d="${area}"/>` : '',
    baseline,
    path ? `<path class="line ${options.seriesClass}" d="${path}"/>` : '',
    dots,
    xLabels,
    '</svg>',
  ].join('');
}

/** 1.2k, 3.4M, 5B: short numbers for axis ticks (the tables carry the exact figures). */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${Number((value / size).toFixed(1))}${suffix}`;
  }
  return String(Number(value.toFixed(2)));
}
