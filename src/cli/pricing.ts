import type { Command } from 'commander';
import { pricingDocument } from '../pricing/document.js';
import { PRICING_RENDERERS } from '../render/by-kind/pricing.js';
import { renderWith } from '../render/renderer.js';
import { loadPricing } from '../sources/data-files.js';
import { colorEnabled } from './color.js';
import { emit } from './io.js';
import { addOutputOption } from './options.js';

export function configure(command: Command): void {
  command
    .description('Prints the price sheet in use (the bundled AWS public prices, or --pricing FILE) with each rate, unit, effective date and source.')
    .option('--pricing <FILE>', 'price sheet to show instead of the bundled one')
    .option('--no-color', 'no ANSI colours');
  addOutputOption(command, Object.keys(PRICING_RENDERERS));
  command.addHelpText('after', '\nExamples:\n  $ edgecost pricing\n  $ edgecost pricing --pricing negotiated.json --output json');
  command.action(async (flags: { pricing?: string; output: string; out?: string; color: boolean }) => {
    const document = pricingDocument(loadPricing(flags.pricing).sheet);
    await emit(renderWith(PRICING_RENDERERS, 'pricing', flags.output, document, { color: colorEnabled(flags) }), flags.out);
  });
}
