import { isAscii } from 'node:buffer';

/**
 * The text of UTF-8 bytes, decoded at once. All-ASCII bytes (snapshots, AWS's JSON answers, almost
 * always) are the same text read as Latin-1, which is a plain copy instead of a decode.
 */
export function decodeUtf8(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}
