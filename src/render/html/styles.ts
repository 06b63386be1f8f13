/**
 * The report page's only stylesheet, inlined in `<head>`. System fonts only (no web fonts to fetch).
 * Light palette by default, a dark one under `prefers-color-scheme: dark`, and the light palette again
 * for print, on A4 with charts scaled to the page width and no chart or table row split across pages.
 *
 * Contrast (WCAG 2.x): body and muted text ≥ 7:1 and ≥ 4.5:1 on their backgrounds in both palettes;
 * bars and lines ≥ 3:1 against the page (non-text contrast).
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --surface: #f4f6f8;
  --text: #1b1f24;
  --muted: #4b5563;
  --border: #cfd5dc;
  --grid: #e2e6ea;
  --accent: #2563a8;
  --accent-2: #a34a0c;
  --warn-bg: #fff5d6;
  --warn-border: #a86b00;
  --warn-text: #4d3300;
  --up: #b42318;
  --down: #17703a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15181d;
    --surface: #1f242b;
    --text: #e6e8eb;
    --muted: #aab2bd;
    --border: #3a424d;
    --grid: #2d343d;
    --accent: #6ea8f7;
    --accent-2: #f0a35e;
    --warn-bg: #352a0e;
    --warn-border: #d9a43c;
    --warn-text: #f8e2aa;
    --up: #ff8f85;
    --down: #74d68f;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body {
  margin: 0;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  background: var(--bg);
  color: var(--text);
}
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 1rem; margin: 20px 0 6px; }
p { margin: 6px 0; }
.subtitle, .note, figcaption { color: var(--muted); }
.note { font-size: 0.9rem; }
.nowrap { white-space: nowrap; }
.block { display: block; }
.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 18px 0 0; }
@media (max-width: 640px) { .kpis { grid-template-columns: repeat(2, 1fr); } }
.kpi { border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; background: var(--surface); }
.kpi dt { color: var(--muted); font-size: 0.85rem; }
.kpi dd { margin: 2px 0 0; font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi dd.range { font-size: 1.15rem; }
.kpi dd.na { font-size: 1.05rem; font-weight: 500; color: var(--muted); }
.kpi .detail { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.warnings {
  margin-top: 18px; border: 1px solid var(--warn-border); border-left-width: 5px; border-radius: 6px;
  background: var(--warn-bg); color: var(--warn-text); padding: 8px 14px;
}
.warnings h2 { margin: 4px 0 6px; border: 0; padding: 0; font-size: 1.05rem; }
.warnings ul { margin: 0; padding-left: 20px; }
.warnings li { margin: 3px 0; overflow-wrap: anywhere; }
.change-up { color: var(--up); }
.flagged { color: var(--up); font-weight: 650; }
.change-down { color: var(--down); }
figure { margin: 14px 0 22px; }
figcaption { font-size: 0.9rem; margin-bottom: 4px; }
figcaption strong { color: var(--text); font-size: 1rem; }
svg.chart { display: block; width: 100%; max-width: 720px; height: auto; overflow: visible; }
svg.chart text { fill: var(--text); font-family: inherit; font-size: 12px; }
svg.chart text.tick { fill: var(--muted); font-size: 11px; }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar-unknown { fill: none; stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.chart .line.series-a { stroke: var(--accent); }
svg.chart .line.series-b { stroke: var(--accent-2); }
svg.chart .area { stroke: none; opacity: 0.12; }
svg.chart .area.series-a { fill: var(--accent); }
svg.chart .area.series-b { fill: var(--accent-2); }
svg.chart .point.series-a { fill: var(--accent); }
svg.chart .point.series-b { fill: var(--accent-2); }
.chart-grid { display: grid; grid-template-columns: 1fr; gap: 0 24px; }
.table-wrap { overflow-x: auto; }
table.wide { font-size: 0.84rem; }
table.wide th, table.wide td { padding: 4px 5px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--grid); vertical-align: top; }
thead th { text-align: left; border-bottom: 2px solid var(--border); color: var(--muted); font-weight: 600; }
thead th.num { text-align: right; white-space: normal; }
tbody th { text-align: left; font-weight: 500; overflow-wrap: break-word; }
tfoot th { text-align: left; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid var(--border); border-bottom: 0; }
td ul { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 0.85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --surface: #ffffff; --text: #000000; --muted: #3d4450; --border: #9aa3ad; --grid: #d5dadf;
    --accent: #1f5896; --accent-2: #98420a; --warn-bg: #ffffff; --warn-border: #8a5800; --warn-text: #000000;
    --up: #9b1c12; --down: #135f31;
  }
  body { font-size: 10pt; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 18px; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, .kpis, .warnings, tr, svg.chart { break-inside: avoid; page-break-inside: avoid; }
  table.compact { break-inside: avoid; page-break-inside: avoid; }
  table.wide { font-size: 7pt; }
  table.wide th, table.wide td { padding: 2px 3px; overflow-wrap: anywhere; }
  table.wide .num, table.wide .nowrap { white-space: normal; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  .table-wrap { overflow: visible; }
  svg.chart { max-width: 100%; }
  .kpis { grid-template-columns: repeat(3, 1fr); }
}
`;
