import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * A Chromium for the browser tests that `npm install` brings: the build shipped inside the
 * `@sparticuz/chromium` package (brotli-packed in node_modules, unpacked once per version into the
 * temp folder), driven by playwright-core. `EDGECOST_CHROMIUM=/path/to/chrome` uses a browser of
 * the user's instead (needed on macOS and Windows: the packaged build is for Linux x64).
 *
 * The test fails — never skips — when no browser starts, with a message that says how to fix it.
 */

/** Flags for a headless run on a closed network (no background fetches, no first-run UI). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface LaunchedBrowser {
  browser: Browser;
  /** Where the browser came from, for failure messages. */
  source: string;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const named = process.env.EDGECOST_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`EDGECOST_CHROMIUM=${named} does not exist: point it at a Chrome or Chromium binary, or unset it to use the one npm install brings`);
    return { browser: await start(named, {}, `EDGECOST_CHROMIUM=${named}`), source: named };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the browser that npm install brings (@sparticuz/chromium) runs on Linux x64 only, not ${process.platform}/${process.arch}: set EDGECOST_CHROMIUM to a Chrome or Chromium binary (e.g. "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")`,
    );
  }
  const directory = await unpackedChromium();
  const env = { FONTCONFIG_FILE: join(directory, 'edgecost-fonts.conf') };
  return { browser: await start(join(directory, 'chromium'), env, `@sparticuz/chromium unpacked in ${directory}`), source: directory };
}

async function start(executablePath: string, env: Record<string, string>, source: string): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, args: FLAGS, env: { ...process.env, ...env } });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
    throw new Error(
      `Chromium (${source}) did not start. On Linux it needs the NSS libraries (Debian/Ubuntu: libnss3); or set EDGECOST_CHROMIUM to a Chrome or Chromium binary.\n${reason}`,
    );
  }
}

/** A package's package.json, found from its entry point (the package exports no `./package.json`). */
function packageManifest(name: string): { version: string } {
  let folder = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (manifest.name === name) return manifest;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the package.json of ${name}: run npm install`);
    folder = parent;
  }
}

/**
 * Unpacks the packaged Chromium into `<tmp>/edgecost-chromium-<version>/` once. The package unpacks
 * into `os.tmpdir()`, so TMPDIR points at a private folder while it works; the folder is then
 * renamed into place in one step, so a concurrent test run never starts a half-written binary.
 */
async function unpackedChromium(): Promise<string> {
  const manifest = packageManifest('@sparticuz/chromium');
  const base = tmpdir();
  const target = join(base, `edgecost-chromium-${manifest.version}`);
  if (existsSync(join(target, 'chromium')) && existsSync(join(target, 'edgecost-fonts.conf'))) return target;

  const staging = mkdtempSync(join(base, 'edgecost-chromium-unpack-'));
  const previous = process.env.TMPDIR;
  try {
    process.env.TMPDIR = staging;
    const { default: packaged } = await import('@sparticuz/chromium');
    const binary = await packaged.executablePath();
    if (binary !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${binary}, expected ${join(staging, 'chromium')}`);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  // The package's own fonts.conf names /tmp/fonts; ours names where the fonts are.
  writeFileSync(
    join(staging, 'edgecost-fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(target, 'fonts')}</dir>\n  <cachedir>${join(target, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
  );
  // A folder left incomplete by an interrupted run is replaced.
  if (existsSync(target) && !existsSync(join(target, 'edgecost-fonts.conf'))) rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another run put it in place first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'chromium'))) throw error;
  }
  return target;
}
