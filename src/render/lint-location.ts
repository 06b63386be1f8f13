import { isAbsolute, relative, sep } from 'node:path';

/**
 * A finding's file as SARIF and GitHub want it: relative to the working directory (the repository
 * root in CI) with forward slashes. A file outside `baseDir` keeps its absolute path.
 */
export function displayPath(file: string, baseDir: string | undefined): string {
  let path = file;
  if (baseDir !== undefined && isAbsolute(file)) {
    const fromBase = relative(baseDir, file);
    if (fromBase !== '' && !fromBase.startsWith('..') && !isAbsolute(fromBase)) path = fromBase;
  }
  path = path.split(sep).join('/');
  return path.startsWith('./') ? path.slice(2) : path;
}
