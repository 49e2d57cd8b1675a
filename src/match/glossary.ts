/**
 * Glossaries of the words of organisation names in another language, as the lists write them in
 * English: Korean (korean.ts), Chinese and Arabic or Persian (translit.ts). An organisation's name
 * in those scripts is mostly such words around its own name; its reading with them translated
 * meets the listed English name. One lookup serves them all: the longest entry that starts at a
 * place in a run of units (the characters of a Hangul or Han word, the words of an Arabic-script
 * name).
 */
export class Glossary {
  private readonly entries = new Map<string, string>();
  private readonly longest: number;

  /**
   * `pairs`: [spelling, English], the spelling as `units` will be joined by `separator`. Entries
   * shorter than `minSpan` units are never looked up.
   */
  constructor(
    pairs: Iterable<readonly [spelling: string, english: string]>,
    private readonly separator = '',
    private readonly minSpan = 2,
  ) {
    let longest = 0;
    for (const [spelling, english] of pairs) {
      this.entries.set(spelling, english);
      longest = Math.max(longest, separator === '' ? [...spelling].length : spelling.split(separator).length);
    }
    this.longest = longest;
  }

  /**
   * `units` read with the glossary: each longest entry as its English (`known`, in order), each run
   * of units between entries as `readRun(start, end)` reads it (`others`: how many words that gave).
   */
  translate(units: readonly string[], readRun: (start: number, end: number) => string[]): { words: string[]; known: string[]; others: number } {
    const words: string[] = [];
    const known: string[] = [];
    let others = 0;
    let start = 0;
    const flush = (end: number) => {
      if (end <= start) return;
      const read = readRun(start, end);
      words.push(...read);
      others += read.length;
    };
    for (let i = 0; i < units.length; ) {
      const hit = this.longestAt(units, i);
      if (hit === undefined) {
        i++;
        continue;
      }
      flush(i);
      words.push(hit.english);
      known.push(hit.english);
      i += hit.span;
      start = i;
    }
    flush(units.length);
    return { words, known, others };
  }

  /** The longest entry that starts at `units[i]`: its English and how many units it spans. */
  private longestAt(units: readonly string[], i: number): { english: string; span: number } | undefined {
    for (let n = Math.min(this.longest, units.length - i); n >= this.minSpan; n--) {
      const english = this.entries.get(units.slice(i, i + n).join(this.separator));
      if (english !== undefined) return { english, span: n };
    }
    return undefined;
  }
}
