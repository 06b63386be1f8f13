import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from './launch.js';

const saved = process.env.EDGECOST_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.EDGECOST_CHROMIUM;
  else process.env.EDGECOST_CHROMIUM = saved;
});

describe('the browser for the tests', () => {
  it('a named browser that does not exist fails with how to fix it', async () => {
    process.env.EDGECOST_CHROMIUM = '/nonexistent/edgecost/chrome';
    await expect(launchChromium()).rejects.toThrow('EDGECOST_CHROMIUM=/nonexistent/edgecost/chrome does not exist: point it at a Chrome or Chromium binary, or unset it');
  });

  it('a named file that is not a browser fails to start, naming it', async () => {
    process.env.EDGECOST_CHROMIUM = '/bin/false';
    await expect(launchChromium()).rejects.toThrow(/Chromium \(EDGECOST_CHROMIUM=\/bin\/false\) did not start/);
  });
});
