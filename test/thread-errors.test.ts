import { describe, expect, it } from 'vitest';
import { classifyAwsError, describeAwsError, fatalAwsError, isFatal } from '../src/aws/failures.js';
import { PagingError } from '../src/aws/paging.js';
import { AwsError, AwsResponseError, EdgecostError, InputError } from '../src/errors.js';
import { errorFromData, errorToData } from '../src/thread-errors.js';

/** An error of a call made in a worker thread is judged in the main thread as if the call had been its own. */

/** What the main thread does with an error, as text: its class, kind, one-line description and the fatal error it becomes. */
function verdict(error: unknown) {
  const fatal = fatalAwsError(error, 'lambda:ListFunctions', 'us-east-1');
  return {
    // a thrown value that is not an Error comes back as an Error with its text
    class: error instanceof Error ? error.constructor.name : 'Error',
    kind: classifyAwsError(error),
    described: describeAwsError(error),
    fatal: isFatal(error),
    message: fatal.message,
    hint: fatal.hint,
    exitCode: fatal.exitCode,
  };
}

const across = (error: unknown) => errorFromData(structuredClone(errorToData(error)));

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  const error = Object.assign(new Error(message), extra);
  error.name = name;
  return error;
}

describe('errors across threads', () => {
  it.each([
    [
      'an access-denied SDK error',
      sdkError('AccessDeniedException', 'User is not authorized to perform: lambda:ListFunctions', { $metadata: { httpStatusCode: 403 }, $fault: 'client' }),
    ],
    ['throttling, known by its HTTP status', sdkError('UnknownError', 'slow down', { $metadata: { httpStatusCode: 429 } })],
    ['a network failure, known by its Node.js code', sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' })],
    ['expired credentials', sdkError('ExpiredTokenException', 'The security token included in the request is expired')],
    ['a repeated page token', new PagingError('lambda:ListFunctions', 'us-east-1', 'the same page token came back twice (after 2 pages): the listing would never end')],
    [
      'an unusable answer',
      new AwsResponseError('unexpected response from lambda ListFunctions: HTTP 200 with an HTML page', { action: 'lambda:ListFunctions', hint: 'check AWS_ENDPOINT_URL' }),
    ],
    ['the run deadline', new AwsError("the run's deadline passed during lambda ListFunctions", { action: 'lambda:ListFunctions', region: 'us-east-1', hint: 'raise it' })],
    ['a thrown string', 'boom'],
  ])('%s keeps its verdict', (_, error) => {
    expect(verdict(across(error))).toEqual(verdict(error));
  });

  it("an input error (diff's template reader) comes back with its message, exit code and hint", () => {
    const error = new InputError('template.yaml', 'expected a mapping', { line: 3, hint: 'fix the YAML' });
    const back = across(error);
    expect(back).toBeInstanceOf(EdgecostError);
    expect(back).toMatchObject({ message: error.message, exitCode: 2, hint: 'fix the YAML' });
  });

  it('edgecost errors come back as their class; a paging error keeps its parts', () => {
    expect(across(new AwsResponseError('x', { action: 'a:b' }))).toBeInstanceOf(AwsResponseError);
    const paging = across(new PagingError('lambda:ListFunctions', 'us-east-1', 'did not finish after 3 pages'));
    expect(paging).toBeInstanceOf(PagingError);
    expect(paging).toMatchObject({ action: 'lambda:ListFunctions', region: 'us-east-1', message: 'lambda:ListFunctions in us-east-1: did not finish after 3 pages' });
  });
});
