import { lineStarts } from '../parse/mirror';

/**
 * The program's lines, read out of its text on demand: building the model needs a few of them
 * (a cell's first line, the comment block under a marker) and which lines hold code, not an array
 * of every line of every file (`model.lines` splits the text the first time a rule asks).
 */
export class Lines {
  /**
   * @param text the program text
   * @param starts the offset where each line starts (the syntax tree's copy has them: `doc.lineStarts`)
   */
  constructor(
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {}

  /** The lines of `text` (for callers without a syntax tree). */
  static of(text: string): Lines {
    return new Lines(text, lineStarts(text));
  }

  /** As `text.split('\n').length`. */
  get length(): number {
    return this.starts.length;
  }

  /** As `text.split('\n')[index]`; undefined past the end. */
  at(index: number): string | undefined {
    if (index < 0 || index >= this.starts.length) return undefined;
    return this.text.slice(this.starts[index], this.end(index));
  }

  /** Lines `from`..`to` (inclusive, within the text) that hold code: not blank, not only a comment. */
  codeLines(from: number, to: number): number {
    let n = 0;
    const last = Math.min(to, this.starts.length - 1);
    for (let i = Math.max(from, 0); i <= last; i++) {
      const first = this.firstNonSpace(this.starts[i]!, this.end(i));
      if (first >= 0 && first !== 0x23) n++; // not blank, not a comment (`#`)
    }
    return n;
  }

  /** Where line `index` ends (its `\n`, or the end of the text). */
  private end(index: number): number {
    return index + 1 < this.starts.length ? this.starts[index + 1]! - 1 : this.text.length;
  }

  /** The first character in [from, to) that `trim()` keeps (as a char code), or -1 for a blank line. */
  private firstNonSpace(from: number, to: number): number {
    const text = this.text;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
      if (c < 0x80 || !/\s/.test(text[i]!)) return c; // `\s` is the whitespace `trim()` removes
    }
    return -1;
  }
}
