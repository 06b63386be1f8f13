/**
 * Whether output gets ANSI colours — decided here only, for every command: not with `--no-color`,
 * not when NO_COLOR is set (https://no-color.org), not when the output goes to a file (`-o FILE`),
 * and only when stdout is a terminal.
 */
export function colorEnabled(flags: { color?: boolean; out?: string }, env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean } = process.stdout): boolean {
  const toFile = flags.out !== undefined && flags.out !== '-';
  return flags.color !== false && !env.NO_COLOR && !toFile && stdout.isTTY === true;
}
