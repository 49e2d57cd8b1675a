/**
 * Value -> holders: which values (e-mails, accounts, addresses...) two or more profiles hold,
 * light on memory (flat rows, a table of hash buckets, exact grouping of the candidates only).
 */
/** What a profile's rows for one value add up to: flags OR-ed, each text field the first given. */
export interface Merged {
  flags: number;
  a: string | undefined;
  b: string | undefined;
  c: string | undefined;
  d: string | undefined;
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then mixed), salted per use. */
export function stringHash(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * Which values may be held by two or more profiles, without a hash map over every value: a table
 * of hash buckets holding the bucket's first profile, or -2 once another profile lands there. A
 * value in a bucket marked -2 is a candidate (shared, or a hash collision that the exact grouping
 * afterwards discards); a value in any other bucket is certainly held by one profile. Values of
 * one kind share a salt, so kinds do not collide systematically.
 */
export class HolderBuckets {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(expectedValues: number) {
    let size = 1 << 16;
    while (size < expectedValues * 4 && size < 1 << 24) size <<= 1;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  note(hash: number, node: number): void {
    const b = hash & this.mask;
    const v = this.table[b]!;
    if (v === -1) this.table[b] = node;
    else if (v !== node && v !== -2) this.table[b] = -2;
  }

  mayBeShared(hash: number): boolean {
    return this.table[hash & this.mask] === -2;
  }
}

/**
 * Value -> holders, light on memory: one row per occurrence in flat arrays (no object and no map
 * entry per value: most values belong to one profile and never need more), a shared table of
 * hash buckets to tell values that may be shared, and exact grouping of those only.
 */
export class Groups {
  private readonly keys: string[] = [];
  private readonly hashes: number[] = [];
  private readonly nodes: number[] = [];
  private readonly flags: number[] = [];
  private readonly fa: (string | undefined)[] = [];
  private readonly fb: (string | undefined)[] = [];
  private readonly fc: (string | undefined)[] = [];
  private readonly fd: (string | undefined)[] = [];

  constructor(
    private readonly buckets: HolderBuckets,
    private readonly salt: number,
  ) {}

  add(key: string, node: number, flags: number, a?: string, b?: string, c?: string, d?: string): void {
    const h = stringHash(key, this.salt);
    this.buckets.note(h, node);
    this.keys.push(key);
    this.hashes.push(h);
    this.nodes.push(node);
    this.flags.push(flags);
    this.fa.push(a || undefined);
    this.fb.push(b || undefined);
    this.fc.push(c || undefined);
    this.fd.push(d || undefined);
  }

  /** Every distinct value added (whoever holds it). */
  values(): Set<string> {
    return new Set(this.keys);
  }

  /** Values held by two or more profiles: [value, holders ascending, what each holder's rows say]. */
  *shared(): Generator<[string, number[], Merged[]]> {
    const by = new Map<string, Map<number, Merged>>();
    for (let r = 0; r < this.keys.length; r++) {
      if (!this.buckets.mayBeShared(this.hashes[r]!)) continue;
      const key = this.keys[r]!;
      let g = by.get(key);
      if (!g) by.set(key, (g = new Map()));
      const node = this.nodes[r]!;
      const m = g.get(node);
      if (!m) {
        g.set(node, { flags: this.flags[r]!, a: this.fa[r], b: this.fb[r], c: this.fc[r], d: this.fd[r] });
        continue;
      }
      m.flags |= this.flags[r]!;
      m.a ??= this.fa[r];
      m.b ??= this.fb[r];
      m.c ??= this.fc[r];
      m.d ??= this.fd[r];
    }
    for (const [key, g] of by) {
      if (g.size < 2) continue;
      const nodes = [...g.keys()].sort((x, y) => x - y);
      yield [key, nodes, nodes.map((x) => g.get(x)!)];
    }
  }
}
