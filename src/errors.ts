/**
 * Typed errors. Library code throws these; only src/cli turns them into a message on stderr and an
 * exit code (PRODUCT.md "Exit codes"). Nothing below src/cli calls process.exit.
 */

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;
export const EXIT_USAGE = 2;
export const EXIT_AWS = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_POLICY | typeof EXIT_USAGE | typeof EXIT_AWS;

export class EdgecostError extends Error {
  readonly exitCode: ExitCode;
  /** One line telling the user what to do about it. */
  readonly hint?: string;

  constructor(message: string, exitCode: ExitCode, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options?.hint;
  }
}

/** A bad flag or argument. */
export class UsageError extends EdgecostError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, EXIT_USAGE, options);
  }
}

/** An unreadable or malformed input file: names the file and, when known, the line and column. */
export class InputError extends EdgecostError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;

  constructor(file: string, message: string, options?: { line?: number; column?: number; hint?: string; cause?: unknown }) {
    const where = options?.line === undefined ? file : `${file}:${options.line}${options.column === undefined ? '' : `:${options.column}`}`;
    super(`${where}: ${message}`, EXIT_USAGE, options);
    this.file = file;
    this.line = options?.line;
    this.column = options?.column;
  }
}

/** AWS could not be read: credentials, permissions, network, or data incomplete for a command needing it whole. */
export class AwsError extends EdgecostError {
  /** The IAM action that was denied or failed, e.g. `cloudwatch:GetMetricData`. */
  readonly action?: string;
  readonly region?: string;

  constructor(message: string, options?: { action?: string; region?: string; hint?: string; cause?: unknown }) {
    super(message, EXIT_AWS, options);
    this.action = options?.action;
    this.region = options?.region;
  }
}

/**
 * An AWS answer edgecost cannot use, or no answer in time: a 200 whose body is not the service's
 * document (an HTML page, an empty or cut body), a body over the size cap, or a run past its
 * deadline. Exit 3: the data is not there, so nothing is priced as $0 from it.
 */
export class AwsResponseError extends AwsError {}
