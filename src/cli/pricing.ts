import type { Command } from 'commander';
import type { PriceRate } from '../pricing/sheet.js';
import { renderTable } from '../render/table.js';
import { loadPricing } from '../sources/data-files.js';
import { emit } from './io.js';
import { addOutputOption } from './options.js';

/** Reads as a price: "0.60 USD per 1,000,000 requests", "1 ms", "2,000,000 invocations per month". */
function formatRate(rate: PriceRate, currency: string): string {
  const amount = Number(rate.amount).toLocaleString('en-US', { maximumFractionDigits: 20 });
  // Rates that are not money: the billing granularity and the free allowance.
  if (rate.id === 'lambdaEdge.billingGranularity' || rate.id === 'cloudfrontFunctions.freeInvocations') return `${amount} ${rate.unit}`;
  const unit = rate.per === 1 ? rate.unit.replace(/s$/, '') : rate.unit;
  return `${rate.amount} ${currency} per ${rate.per === 1 ? '' : `${rate.per.toLocaleString('en-US')} `}${unit}`;
}

export function registerPricing(program: Command): void {
  const command = program
    .command('pricing')
    .summary('the price sheet in use: every rate, its unit, effective date and source')
    .description('Prints the price sheet in use (the bundled AWS public prices, or --pricing FILE) with each rate, unit, effective date and source.')
    .option('--pricing <FILE>', 'price sheet to show instead of the bundled one')
    .option('--no-color', 'no ANSI colours');
  addOutputOption(command, ['table', 'json'], 'table');
  command.addHelpText('after', '\nExamples:\n  $ edgecost pricing\n  $ edgecost pricing --pricing negotiated.json --output json');
  command.action(async (flags: { pricing?: string; output: string; out?: string; color: boolean }) => {
    const { sheet } = loadPricing(flags.pricing);
    if (flags.output === 'json') {
      const { file, ...rest } = sheet;
      await emit(JSON.stringify({ ...rest, file }, null, 2), flags.out);
      return;
    }
    const rows = sheet.rates.map((rate) => [
      rate.id,
      formatRate(rate, sheet.currency),
      rate.effectiveDate ?? sheet.effectiveDate,
      rate.source,
    ]);
    const lines = [
      `Price sheet ${sheet.id} (${sheet.currency}), effective ${sheet.effectiveDate}, retrieved ${sheet.retrievedDate}`,
      `File: ${sheet.file}`,
      renderTable(['Rate', 'Price', 'Effective', 'Source'], [false, false, false, false], rows, undefined, {
        color: flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true,
      }),
    ];
    const notes = sheet.rates.filter((r) => r.note).map((r) => `  - ${r.id}: ${r.note}`);
    if (notes.length > 0) lines.push('Notes:', ...notes);
    await emit(lines.join('\n'), flags.out);
  });
}
