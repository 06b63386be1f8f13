import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Compares output with a checked-in expected file. `UPDATE_EXPECTED=1 npx vitest run test/render`
 * rewrites the files after a deliberate change; without it, a missing file fails the test (a golden
 * file deleted by mistake must not be recreated silently from whatever the code prints now).
 */
export function expectMatchesGolden(actual: string, file: URL, env: NodeJS.ProcessEnv = process.env): void {
  if (env.UPDATE_EXPECTED === '1') {
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, actual);
  } else if (!existsSync(file)) {
    throw new Error(
      `expected output ${fileURLToPath(file)} is missing: restore it from git, or run UPDATE_EXPECTED=1 npx vitest run test/render to write it after a deliberate change`,
    );
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
