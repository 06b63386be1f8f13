import { checkWindow, type SnapshotIssue } from '../model/snapshot-checks.js';
import { DAYS_PER_MONTH } from '../pricing/engine.js';
import { Decimal, ZERO } from '../pricing/money.js';
import { type BaselineReport, runRateDays } from './compare.js';

/**
 * What the report schema cannot say about a saved report used as a baseline (`--baseline
 * report.json`): its window agrees with itself (at least one day), the days it covered are within
 * it, and its totals are the sum of its functions, with the run-rate its cost per covered day.
 * `report --baseline` compares function by function and `gate --max-increase` compares totals: on
 * a report whose totals disagree with its functions (a hand edit, a crafted file) the two would
 * disagree, so such a baseline is refused instead of compared.
 */

/** Reports carry unrounded numbers; a sum of them may differ from the total in the last float bits only. */
function agrees(a: Decimal, b: Decimal): boolean {
  return a
    .minus(b)
    .abs()
    .lte(Decimal.max(1e-6, Decimal.max(a.abs(), b.abs()).times(1e-9)));
}

export function checkReportBaseline(report: BaselineReport): SnapshotIssue | undefined {
  if (!Number.isInteger(report.window.days) || report.window.days < 1) {
    return { pointer: '/window/days', message: `is ${report.window.days}: a report covers at least one day` };
  }
  const windowIssue = checkWindow(report.window);
  if (windowIssue) return windowIssue;
  if (report.coveredDays !== undefined && !(report.coveredDays > 0 && report.coveredDays <= report.window.days)) {
    return { pointer: '/coveredDays', message: `is ${report.coveredDays}, expected more than 0 and at most the window's ${report.window.days} days` };
  }

  const costUsd = report.functions.reduce((sum, fn) => sum.plus(fn.costUsd), ZERO);
  const totalCost = new Decimal(report.totals.costUsd);
  if (!agrees(costUsd, totalCost)) {
    const functions = report.functions.length === 0 ? 'it lists no functions' : `its ${report.functions.length} functions sum to $${costUsd.toString()}`;
    return { pointer: '/totals/costUsd', message: `is $${report.totals.costUsd}, but ${functions}: totals and functions disagree` };
  }
  const runRate = totalCost.times(DAYS_PER_MONTH).div(runRateDays(report));
  if (!agrees(runRate, new Decimal(report.totals.monthlyRunRateUsd))) {
    return {
      pointer: '/totals/monthlyRunRateUsd',
      message: `is $${report.totals.monthlyRunRateUsd}, but $${report.totals.costUsd} over ${runRateDays(report)} days is $${runRate.toDecimalPlaces(6).toString()} a month`,
    };
  }
  return undefined;
}
