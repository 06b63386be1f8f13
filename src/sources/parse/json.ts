/**
 * JSON with positions: a small position-tracking parser. JSON.parse cannot say where a value was,
 * and plans can be megabytes (the YAML parser is several times slower on them). Duplicate keys are
 * refused (JSON.parse would silently keep the last one).
 */

import { InputError } from '../../errors.js';
import { MAX_DEPTH, type ParsedDocument, PositionIndex, setKey } from './positions.js';

export interface JsonParseOptions {
  /**
   * Refuse numbers too large for a double (`1e999` parses to Infinity): data files need every number
   * finite. Templates keep such a literal, which the readers report as "not a number".
   */
  finiteNumbers?: boolean;
}

export function parseJson(file: string, text: string, options: JsonParseOptions = {}): ParsedDocument {
  const index = new PositionIndex(text);
  const parser = new JsonParser(file, text, index, options.finiteNumbers === true);
  const root = parser.parseDocument();
  return index.document('json', root);
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonParser {
  private at = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly index: PositionIndex,
    private readonly finiteNumbers: boolean,
  ) {}

  private fail(message: string, offset = this.at): never {
    throw new InputError(this.file, `invalid JSON: ${message}`, this.index.at(Math.min(offset, this.text.length)));
  }

  private skipWhitespace(): void {
    while (this.at < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.at))) this.at++;
  }

  /**
   * What stands at the error, without quoting the file: an error message reaches CI logs, and the
   * file may be anything readable (a secret named by mistake or by a crafted cdk.out). A single
   * punctuation character is shown; letters, digits and other text are only described.
   */
  private describe(): string {
    if (this.at >= this.text.length) return 'the end of the file';
    const char = this.text[this.at]!;
    // One punctuation character tells nothing of a secret; letters and digits are only named.
    if (/[!-/:-@[-`{-~]/.test(char)) return `"${char}"`;
    if (/[A-Za-z]/.test(char)) return 'a letter';
    if (/[0-9]/.test(char)) return 'a digit';
    return `character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.at < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the document`);
    return value;
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const ch = this.text[this.at];
    if (ch === '{') return this.parseObject(depth);
    if (ch === '[') return this.parseArray(depth);
    if (ch === '"') return this.parseString();
    if (ch === 't' && this.text.startsWith('true', this.at)) {
      this.at += 4;
      return true;
    }
    if (ch === 'f' && this.text.startsWith('false', this.at)) {
      this.at += 5;
      return false;
    }
    if (ch === 'n' && this.text.startsWith('null', this.at)) {
      this.at += 4;
      return null;
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (number && number[0] !== '-') {
      const value = Number(number[0]);
      if (this.finiteNumbers && !Number.isFinite(value)) {
        throw new InputError(this.file, `the number ${number[0]} is not finite (it is beyond the largest number, about 1.8e308)`, this.index.at(this.at));
      }
      this.at += number[0].length;
      return value;
    }
    return this.fail(`expected a value, found ${this.describe()}`);
  }

  private parseObject(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Map<string, number>();
    this.index.containers.set(out, this.at);
    this.index.keys.set(out, keys);
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyOffset = this.at;
      const key = this.parseString();
      if (Object.hasOwn(out, key)) this.fail(`duplicate key "${key}"`, keyOffset);
      this.skipWhitespace();
      if (this.text[this.at] !== ':') this.fail(`expected ":" after a property name, found ${this.describe()}`);
      this.at++;
      this.skipWhitespace();
      setKey(out, key, this.parseValue(depth + 1));
      keys.set(key, keyOffset);
      this.skipWhitespace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === '}') {
        this.at++;
        return out;
      }
      this.fail(`expected "," or "}", found ${this.describe()}`);
    }
  }

  private parseArray(depth: number): unknown[] {
    const out: unknown[] = [];
    const items = new Map<string, number>();
    this.index.containers.set(out, this.at);
    this.index.keys.set(out, items);
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      items.set(String(out.length), this.at);
      out.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === ']') {
        this.at++;
        return out;
      }
      this.fail(`expected "," or "]", found ${this.describe()}`);
    }
  }

  private parseString(): string {
    const start = this.at;
    let escaped = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x5c) {
        escaped = true;
        i++;
        continue;
      }
      if (code < 0x20) this.fail('control character in a string (line breaks must be written \\n)', i);
      if (code === 0x22) {
        this.at = i + 1;
        if (!escaped) return this.text.slice(start + 1, i);
        try {
          return JSON.parse(this.text.slice(start, i + 1)) as string;
        } catch {
          return this.fail('invalid escape sequence in a string', start);
        }
      }
    }
    return this.fail('unterminated string', start);
  }
}
