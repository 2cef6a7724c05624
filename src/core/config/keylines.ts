/**
 * Best-effort positions of keys in a TOML text, for pointing config problems at a line.
 *
 * smol-toml parses the document; this scanner only runs on text smol-toml accepted and records
 * the 1-based line where each key path is written: table headers (`[tool.ml-hygiene]`), dotted
 * keys (`ml-hygiene.select = ...`), keys of inline tables (`severity = { MLH101 = "off" }`) and
 * the string items of arrays (`select = ["MLH101", ...]`). It never throws; a construct it does
 * not follow makes it skip to the next line.
 */

export interface KeyLines {
  /** Line of the key path, or of its longest written prefix; undefined when nothing matches. */
  lineOf(path: readonly string[]): number | undefined;
  /** Line of the string item `value` in the array at `path`, else the line of the array's key. */
  lineOfItem(path: readonly string[], value: string): number | undefined;
}

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;

class Scanner {
  pos = 0;
  line = 1;
  readonly keys = new Map<string, number>();
  readonly items = new Map<string, number>();

  constructor(private readonly text: string) {}

  private peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  private advance(count = 1): void {
    for (let i = 0; i < count && this.pos < this.text.length; i++) {
      if (this.text[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Spaces and tabs; with `newlines`, also line breaks and comments. */
  private skipSpace(newlines: boolean): void {
    while (!this.atEnd()) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || ch === '\r') this.advance();
      else if (newlines && ch === '\n') this.advance();
      else if (newlines && ch === '#') this.skipLine();
      else break;
    }
  }

  private skipLine(): void {
    while (!this.atEnd() && this.peek() !== '\n') this.advance();
  }

  record(path: readonly string[], line: number): void {
    const id = JSON.stringify(path);
    if (!this.keys.has(id)) this.keys.set(id, line);
  }

  private recordItem(path: readonly string[], value: string, line: number): void {
    const id = JSON.stringify([...path, value]);
    if (!this.items.has(id)) this.items.set(id, line);
  }

  /** A quoted string at the cursor (basic or literal, single- or multi-line); returns its value. */
  private readString(): string {
    const quote = this.peek();
    const multi = this.startsWith(quote.repeat(3));
    const delimiter = multi ? quote.repeat(3) : quote;
    const start = this.pos + delimiter.length;
    this.advance(delimiter.length);
    while (!this.atEnd() && !this.startsWith(delimiter)) {
      if (quote === '"' && this.peek() === '\\') this.advance();
      if (!multi && this.peek() === '\n') break;
      this.advance();
    }
    const raw = this.text.slice(start, this.pos);
    this.advance(delimiter.length);
    if (quote === "'") return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }

  /** A dotted key at the cursor, or null when there is none. */
  private readKey(): string[] | null {
    const segments: string[] = [];
    for (;;) {
      this.skipSpace(false);
      const ch = this.peek();
      if (ch === '"' || ch === "'") {
        segments.push(this.readString());
      } else if (BARE_KEY_CHAR.test(ch)) {
        const start = this.pos;
        while (BARE_KEY_CHAR.test(this.peek())) this.advance();
        segments.push(this.text.slice(start, this.pos));
      } else {
        return null;
      }
      this.skipSpace(false);
      if (this.peek() !== '.') return segments;
      this.advance();
    }
  }

  /** Skips a value, recording inline-table keys and array string items under `path`. */
  private readValue(path: readonly string[]): void {
    this.skipSpace(false);
    const ch = this.peek();
    if (ch === '"' || ch === "'") {
      this.readString();
    } else if (ch === '{') {
      this.readInlineTable(path);
    } else if (ch === '[') {
      this.readArray(path);
    } else {
      while (!this.atEnd() && !/[,\]}#\n]/.test(this.peek())) this.advance();
    }
  }

  private readInlineTable(path: readonly string[]): void {
    this.advance(); // {
    for (;;) {
      this.skipSpace(true);
      if (this.atEnd()) return;
      if (this.peek() === '}') return this.advance();
      if (this.peek() === ',') {
        this.advance();
        continue;
      }
      const line = this.line;
      const key = this.readKey();
      if (key === null || this.peek() !== '=') return this.skipLine();
      this.advance(); // =
      const full = [...path, ...key];
      this.record(full, line);
      this.readValue(full);
    }
  }

  private readArray(path: readonly string[]): void {
    this.advance(); // [
    for (;;) {
      this.skipSpace(true);
      if (this.atEnd()) return;
      const ch = this.peek();
      if (ch === ']') return this.advance();
      if (ch === ',') {
        this.advance();
        continue;
      }
      const line = this.line;
      if (ch === '"' || ch === "'") {
        this.recordItem(path, this.readString(), line);
        continue;
      }
      const before = this.pos;
      this.readValue(path);
      if (this.pos === before) return this.skipLine();
    }
  }

  /** Reads the whole document. */
  scan(): void {
    let table: string[] = [];
    while (!this.atEnd()) {
      this.skipSpace(true);
      if (this.atEnd()) return;
      const line = this.line;
      if (this.peek() === '[') {
        const arrayTable = this.startsWith('[[');
        this.advance(arrayTable ? 2 : 1);
        const key = this.readKey();
        if (key !== null) {
          table = key;
          this.record(table, line);
        }
        this.skipLine();
        continue;
      }
      const key = this.readKey();
      if (key === null || this.peek() !== '=') {
        this.skipLine();
        continue;
      }
      this.advance(); // =
      const full = [...table, ...key];
      this.record(full, line);
      this.readValue(full);
      this.skipSpace(false);
      if (this.peek() === '#') this.skipLine();
    }
  }
}

/** Indexes the keys of a TOML text (see the module comment). */
export function indexKeyLines(text: string): KeyLines {
  const scanner = new Scanner(text);
  scanner.scan();
  const lineOf = (path: readonly string[]): number | undefined => {
    for (let length = path.length; length > 0; length--) {
      const line = scanner.keys.get(JSON.stringify(path.slice(0, length)));
      if (line !== undefined) return line;
    }
    return undefined;
  };
  return {
    lineOf,
    lineOfItem: (path, value) => scanner.items.get(JSON.stringify([...path, value])) ?? lineOf(path),
  };
}

/** A key path written the TOML way: bare segments as they are, others quoted. */
export function formatKeyPath(path: readonly string[]): string {
  return path.map((segment) => (/^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment))).join('.');
}
