/** Positions of parsed YAML and JSON documents: where each mapping, sequence and key was written. */

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedDocument {
  format: 'yaml' | 'json';
  root: unknown;
  /** Where a mapping or sequence of `root` starts. */
  positionOf(value: unknown): SourcePosition | undefined;
  /** Where a key of a mapping of `root` was written; for a sequence, where its item at index `key` was (`"0"`, `"1"`, ...). */
  keyPosition(mapping: unknown, key: string): SourcePosition | undefined;
  /** YAML keys written twice in one mapping (the last value is kept, as CloudFormation does). */
  duplicateKeys?: { key: string; line: number; column?: number }[];
}

/** Nesting deeper than this is not a template; refusing it keeps recursion off the stack limit. */
export const MAX_DEPTH = 400;

export class PositionIndex {
  private readonly lineStarts: number[] = [0];
  readonly containers = new Map<object, number>();
  readonly keys = new Map<object, Map<string, number>>();

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  at(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  document(format: 'yaml' | 'json', root: unknown): ParsedDocument {
    return {
      format,
      root,
      positionOf: (value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        const offset = this.containers.get(value);
        return offset === undefined ? undefined : this.at(offset);
      },
      keyPosition: (mapping, key) => {
        if (typeof mapping !== 'object' || mapping === null) return undefined;
        const offset = this.keys.get(mapping)?.get(key);
        return offset === undefined ? undefined : this.at(offset);
      },
    };
  }
}

/** Sets a key without letting `__proto__` change the object's prototype. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
