/**
 * `1,234,567`: a count rounded to a whole number, with thousands separators, without Intl (whose
 * ICU set-up and per-call cost the core's messages need not pay). Renderers use
 * render/report-view.ts `formatCount`, which prints the same.
 */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
