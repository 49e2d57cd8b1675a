/**
 * Screening-index snapshots: a built `ScreeningIndex` as bytes, and back, without preparing the
 * listed names again. A batch builds (or reads) the index once and hands the bytes to its worker
 * threads; the CLI keeps them in a cache file between runs. Pure: no file I/O here.
 *
 * The encoding is generic over the index's own fields, so fields added to the index or to the
 * prepared names are carried without touching this file: every own enumerable property of the
 * index is written, and every value it holds, as it is: plain objects (same keys in the same
 * order), arrays, Maps, Sets, strings, numbers (-0 and NaN too), booleans, null and undefined;
 * an object reached twice comes back as one object (the prepared names share frozen empty
 * arrays), and a frozen object comes back frozen. Memo caches that start empty are left out (see
 * `memoKind`). Instances of the index's own classes (`Postings`) get their prototype back. Typed
 * arrays, dates and the like are written with node:v8 `serialize`. A field holding an instance of
 * any other class is refused with an error naming it, rather than coming back as a plain object
 * whose methods are missing.
 *
 * The layout is made for reading fast, since every worker thread of a batch reads the snapshot
 * before it screens (node:v8 `deserialize` of the same index took about four times as long):
 * the values are one stream of 32-bit words (a tag, then its operands), each distinct string is
 * stored once in a string table (one Latin-1 and one UTF-16 block, cut with `slice`), the keys
 * of plain objects once per distinct key list ("shape"), and non-integer numbers in a Float64Array.
 *
 * The index's parties, most of the bytes, are written so that each can be read alone (see LAZY):
 * `indexFromSnapshot(bytes, { lazy: true })` reads a party when it is first needed, and a string
 * of the table when it is first needed, so a command that screens one name reads a small part of
 * the snapshot.
 *
 * Bytes: "VGLSNAP3" | byte-order mark (u32) | section count (u32) | per section: offset, length
 * (u32 each, bytes from the start) | the sections, each at an offset that is a multiple of 8:
 * the value stream (Int32Array), numbers (Float64Array), Latin-1 strings (bytes), their end
 * offsets (Uint32Array), UTF-16 strings (UTF-16LE bytes), their end offsets (Uint32Array), shapes
 * (Int32Array: key count, then the keys' string numbers, per shape), class names (the string
 * numbers, Int32Array), and the values written with node:v8 (one array).
 */
import { deserialize, serialize } from 'node:v8';
import { TimeSlices } from '../io/turns.js';
import { Postings, ScreeningIndex } from './screening-index.js';

/** Bumped when the layout below changes; snapshots of another format are refused. */
const MAGIC = 'VGLSNAP3';
const BYTE_ORDER = 0x01020304;
const SECTIONS = 8;
const HEADER_WORDS = 2 + 2 * SECTIONS;
const HEADER_BYTES = MAGIC.length + 4 * HEADER_WORDS;

type Constructor = abstract new (...args: never[]) => object;

/**
 * The name a snapshot records for `ScreeningIndex`: the class's former name, kept so that the
 * snapshots already cached (and this format, VGLSNAP3) stay readable as they are.
 */
const INDEX_CLASS = 'CandidateIndex';

/** The classes whose instances a snapshot restores, by the name a snapshot records for them. */
const CLASSES: ReadonlyMap<string, Constructor> = new Map<string, Constructor>([
  [INDEX_CLASS, ScreeningIndex],
  ['Postings', Postings],
]);

/** Prototypes of values node:v8 writes and reads back as they are (besides those encoded here). */
const V8_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  ...[Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView].map(
    (T) => T.prototype as object,
  ),
]);

// Tags of the value stream. FROZEN is or-ed into the tag of an object that was frozen.
const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4; // operand: the value
const DOUBLE = 5; // operand: its number in the numbers section
const STRING = 6; // operand: its number in the string table
const REF = 7; // operand: the number of an object already read (objects are numbered as they come)
const ARRAY = 8; // operand: the length, then the elements
const OBJECT = 9; // operand: the shape, then the values of its keys in order
const NULL_OBJECT = 10; // the same, for an object without a prototype
const MAP = 11; // operand: the size, then key, value, key, value...
const SET = 12; // operand: the size, then the values
const INSTANCE = 13; // operands: the class, the shape, then the fields in order (a field may be MEMO)
const V8 = 14; // operand: its number in the array written with node:v8
const MEMO = 15; // operand: the kind of memo cache (see MEMO_KINDS), recreated empty
// Arrays of one kind of value, the most common by far (tokens, keys, weights, postings): the
// length, then per element only its string number, its value, or its number in the numbers section.
const STRINGS = 16;
const INTS = 17;
const NUMBERS = 18;
// The parties of the index (see `isLazyField`): operands n (the length), h, then h values written
// before the elements (the objects the elements share with each other or with the rest of the
// index, see `crossScopeObjects`), then n + 1 positions in the value stream (where each element
// starts, then where the last one ends), then the elements. Each element numbers its objects
// from 0 (REF inside it is to its own objects) and reaches the others with GLOBAL_REF, so any one
// element can be read alone, when it is first needed (`indexFromSnapshot(bytes, { lazy: true })`).
const LAZY = 19;
const GLOBAL_REF = 20; // operand: the number of an object outside the element being read
const FROZEN = 32;
const TAG_MASK = 31;
/** In the string ends section, the bit saying that a string is in the UTF-16 block. */
const UTF16_BIT = 0x80000000;

type MemoKind = 'Map' | 'Set' | 'WeakMap' | 'WeakSet';
const MEMO_KINDS: readonly MemoKind[] = ['Map', 'Set', 'WeakMap', 'WeakSet'];

function className(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value) as object | null;
  for (const [name, cls] of CLASSES) if (cls.prototype === proto) return name;
  return undefined;
}

/**
 * A memo cache that is recomputed on demand and starts empty: a Map or Set field whose name says
 * memo or cache, or any WeakMap or WeakSet (which can only be a cache, and cannot be serialised).
 * It is left out of the snapshot (it grows with the queries seen, not with the lists).
 */
function memoKind(name: string, value: unknown): MemoKind | undefined {
  if (value instanceof WeakMap) return 'WeakMap';
  if (value instanceof WeakSet) return 'WeakSet';
  if (!/memo|cache/i.test(name)) return undefined;
  return value instanceof Map ? 'Map' : value instanceof Set ? 'Set' : undefined;
}

function emptyMemo(kind: MemoKind | undefined): object {
  switch (kind) {
    case 'Map':
      return new Map();
    case 'Set':
      return new Set();
    case 'WeakMap':
      return new WeakMap();
    case 'WeakSet':
      return new WeakSet();
    default:
      throw new Error('unknown memo kind');
  }
}

/** A number stored as it is in the value stream. */
function isInt(value: number): boolean {
  return (value | 0) === value && !Object.is(value, -0);
}

/** How a non-empty array is written: as strings, integers or numbers when all its elements are. */
function arrayKind(array: unknown[]): number {
  let strings = true;
  let ints = true;
  let numbers = true;
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (typeof v === 'string') {
      ints = numbers = false;
    } else if (typeof v === 'number') {
      strings = false;
      if (!isInt(v)) ints = false;
    } else {
      return ARRAY;
    }
    if (!strings && !numbers) return ARRAY;
  }
  return strings ? STRINGS : ints ? INTS : NUMBERS;
}

class Encoder {
  readonly ops: number[] = [];
  readonly numbers: number[] = [];
  private readonly numberIds = new Map<number, number>();
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  readonly shapes: number[] = [];
  private readonly shapeIds = new Map<string, { keys: string[]; id: number }[]>();
  private shapeCount = 0;
  readonly classes: number[] = [];
  private readonly classIds = new Map<string, number>();
  readonly v8Values: unknown[] = [];
  private readonly objectIds = new Map<object, number>();
  /** While an element of a lazy array is written: the numbers of its own objects. */
  private local: Map<object, number> | undefined;
  /** Objects to write before the elements of a lazy array (see `crossScopeObjects`). */
  hoisted: ReadonlySet<object> = new Set();
  /** The field names and indices leading to the value being written, for error messages. */
  private readonly path: (string | number)[] = ['index'];

  private where(): string {
    let out = '';
    for (const step of this.path) out += typeof step === 'number' ? `[${step}]` : out === '' ? step : `.${step}`;
    return out;
  }

  string(value: string): number {
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.stringIds.set(value, id);
    }
    return id;
  }

  /** The number of `value` in the numbers section. */
  number(value: number): number {
    // -0 is kept apart from 0 (a Map takes them as one key).
    let id = Object.is(value, -0) ? undefined : this.numberIds.get(value);
    if (id === undefined) {
      id = this.numbers.length;
      this.numbers.push(value);
      if (!Object.is(value, -0)) this.numberIds.set(value, id);
    }
    return id;
  }

  private shape(keys: string[]): number {
    // Shapes by their first key, each compared key by key (keys from Object.keys compare fast).
    const first = keys.length === 0 ? '' : keys[0]!;
    let known = this.shapeIds.get(first);
    if (!known) this.shapeIds.set(first, (known = []));
    for (const shape of known) {
      if (shape.keys.length !== keys.length) continue;
      let same = true;
      for (let i = 1; i < keys.length && same; i++) same = shape.keys[i] === keys[i];
      if (same) return shape.id;
    }
    const id = this.shapeCount++;
    known.push({ keys, id });
    this.shapes.push(keys.length);
    for (const key of keys) this.shapes.push(this.string(key));
    return id;
  }

  private frozen(tag: number, value: object): number {
    return Object.isFrozen(value) ? tag | FROZEN : tag;
  }

  value(value: unknown): void {
    const ops = this.ops;
    switch (typeof value) {
      case 'undefined':
        ops.push(UNDEFINED);
        return;
      case 'boolean':
        ops.push(value ? TRUE : FALSE);
        return;
      case 'number':
        if (isInt(value)) ops.push(INT, value);
        else ops.push(DOUBLE, this.number(value));
        return;
      case 'string':
        ops.push(STRING, this.string(value));
        return;
      case 'bigint':
        ops.push(V8, this.v8Values.length);
        this.v8Values.push(value);
        return;
      case 'object':
        if (value === null) {
          ops.push(NULL);
          return;
        }
        this.object(value);
        return;
      default:
        throw new Error(`index snapshot: ${this.where()} is a ${typeof value}, which cannot be stored`);
    }
  }

  private object(value: object): void {
    const ops = this.ops;
    const seen = this.objectIds.get(value);
    if (seen !== undefined) {
      ops.push(this.local ? GLOBAL_REF : REF, seen);
      return;
    }
    if (this.local) {
      const own = this.local.get(value);
      if (own !== undefined) {
        ops.push(REF, own);
        return;
      }
      this.local.set(value, this.local.size);
    } else {
      this.objectIds.set(value, this.objectIds.size);
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    const path = this.path;
    if (proto === Array.prototype) {
      const array = value as unknown[];
      const kind = array.length === 0 ? ARRAY : arrayKind(array);
      if (kind === ARRAY) for (let i = 0; i < array.length; i++) if (!(i in array)) throw new Error(`index snapshot: ${this.where()} is a sparse array, which a snapshot does not keep`);
      ops.push(this.frozen(kind, array), array.length);
      if (kind === STRINGS) {
        for (const v of array as string[]) ops.push(this.string(v));
      } else if (kind === INTS) {
        for (const v of array as number[]) ops.push(v);
      } else if (kind === NUMBERS) {
        for (const v of array as number[]) ops.push(this.number(v));
      } else {
        for (let i = 0; i < array.length; i++) {
          path.push(i);
          this.value(array[i]);
          path.pop();
        }
      }
    } else if (proto === Object.prototype || proto === null) {
      const keys = Object.keys(value);
      ops.push(this.frozen(proto === null ? NULL_OBJECT : OBJECT, value), this.shape(keys));
      for (const key of keys) {
        path.push(key);
        this.value((value as Record<string, unknown>)[key]);
        path.pop();
      }
    } else if (proto === Map.prototype) {
      const map = value as Map<unknown, unknown>;
      ops.push(this.frozen(MAP, map), map.size);
      for (const [k, v] of map) {
        path.push(typeof k === 'string' ? `get(${JSON.stringify(k)})` : 'get(…)');
        this.value(k);
        this.value(v);
        path.pop();
      }
    } else if (proto === Set.prototype) {
      const set = value as Set<unknown>;
      ops.push(this.frozen(SET, set), set.size);
      for (const v of set) this.value(v);
    } else if (V8_PROTOTYPES.has(proto)) {
      ops.push(V8, this.v8Values.length);
      this.v8Values.push(value);
    } else {
      const cls = className(value);
      if (!cls) {
        const ctor = (proto as { constructor?: { name?: string } }).constructor;
        throw new Error(
          `index snapshot: ${this.where()} is a ${ctor?.name ?? 'class instance'}, which a snapshot would turn into a plain object; ` +
            'add its class to CLASSES in src/match/snapshot.ts',
        );
      }
      let classId = this.classIds.get(cls);
      if (classId === undefined) {
        classId = this.classes.length;
        this.classes.push(this.string(cls));
        this.classIds.set(cls, classId);
      }
      const keys = Object.keys(value);
      ops.push(this.frozen(INSTANCE, value), classId, this.shape(keys));
      for (const key of keys) {
        const field = (value as Record<string, unknown>)[key];
        const memo = memoKind(key, field);
        path.push(key);
        if (memo) ops.push(MEMO, MEMO_KINDS.indexOf(memo));
        else if (!this.local && isLazyField(cls, key, field)) this.lazyArray(field);
        else this.value(field);
        path.pop();
      }
    }
  }

  /** A lazy array (see LAZY): registered as an object of the enclosing scope, its elements each a scope of their own. */
  private lazyArray(array: unknown[]): void {
    const ops = this.ops;
    this.objectIds.set(array, this.objectIds.size);
    ops.push(LAZY, array.length, 0);
    const countAt = ops.length - 1;
    let hoisted = 0;
    for (const shared of this.hoisted) {
      if (this.objectIds.has(shared)) continue; // written already, inside another one
      this.value(shared);
      hoisted++;
    }
    ops[countAt] = hoisted;
    const starts = ops.length;
    for (let i = 0; i <= array.length; i++) ops.push(0);
    for (let i = 0; i < array.length; i++) {
      ops[starts + i] = ops.length;
      this.local = new Map();
      this.path.push(i);
      this.value(array[i]);
      this.path.pop();
      this.local = undefined;
    }
    ops[starts + array.length] = ops.length;
  }
}

/** The fields whose arrays are written lazily (LAZY): the index's prepared parties. */
function isLazyField(cls: string, key: string, value: unknown): value is unknown[] {
  return cls === INDEX_CLASS && key === 'parties' && Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && !Object.isFrozen(value);
}

/**
 * The objects reached from two or more of: an element of a lazy array, another element, the rest
 * of the graph (say the frozen empty arrays all parties share, or the identifiers that the index's
 * identifier postings share with the parties holding them). They are written before the elements,
 * so an element refers to them without holding them, and a shared object stays one object.
 */
function crossScopeObjects(root: object): Set<object> {
  const owner = new Map<object, number>();
  const shared = new Set<object>();
  const lazyArrays: unknown[][] = [];
  const visit = (start: unknown, scope: number) => {
    const stack: unknown[] = [start];
    while (stack.length > 0) {
      const value = stack.pop();
      if (typeof value !== 'object' || value === null) continue;
      const first = owner.get(value);
      if (first !== undefined) {
        if (first !== scope) shared.add(value);
        continue;
      }
      owner.set(value, scope);
      const proto = Object.getPrototypeOf(value) as object | null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) stack.push(value[i]);
      } else if (value instanceof Map) {
        for (const [k, v] of value) stack.push(k, v);
      } else if (value instanceof Set) {
        for (const v of value) stack.push(v);
      } else if (proto === Object.prototype || proto === null || className(value)) {
        const cls = className(value);
        for (const key of Object.keys(value)) {
          const field = (value as Record<string, unknown>)[key];
          if (cls && memoKind(key, field)) continue; // not written
          if (cls && scope === -1 && isLazyField(cls, key, field)) {
            // The array itself is outside; its elements are walked as scopes of their own, below.
            owner.set(field, -1);
            lazyArrays.push(field);
          } else {
            stack.push(field);
          }
        }
      }
      // Anything else (typed arrays, dates: node:v8 values) holds no object of the graph.
    }
  };
  visit(root, -1);
  if (lazyArrays.length > 1) throw new Error('index snapshot: more than one lazy array');
  lazyArrays[0]?.forEach((element, i) => visit(element, i));
  return shared;
}

/** The index as bytes; `indexFromSnapshot` reads them back. */
export function indexSnapshot(index: ScreeningIndex): Uint8Array {
  if (!(index instanceof ScreeningIndex) && className(index) !== INDEX_CLASS) {
    throw new Error('index snapshot: index is not an instance of a class the snapshot knows');
  }
  const encoder = new Encoder();
  encoder.hoisted = crossScopeObjects(index);
  encoder.value(index);

  // The string table: Latin-1 strings in one block, the others in a UTF-16 block; per string,
  // where it ends in its block, and in which block it is.
  const latin1: string[] = [];
  const utf16: string[] = [];
  const ends = new Uint32Array(encoder.strings.length);
  let latin1End = 0;
  let utf16End = 0;
  encoder.strings.forEach((s, i) => {
    // eslint-disable-next-line no-control-regex
    if (/^[\u0000-\u00ff]*$/.test(s)) {
      latin1.push(s);
      ends[i] = latin1End += s.length;
    } else {
      utf16.push(s);
      ends[i] = (utf16End += s.length) | UTF16_BIT;
    }
  });
  if (latin1End >= UTF16_BIT || utf16End >= UTF16_BIT) throw new Error('index snapshot: too much text');
  const sections: Uint8Array[] = [
    new Uint8Array(Int32Array.from(encoder.ops).buffer),
    new Uint8Array(Float64Array.from(encoder.numbers).buffer),
    Buffer.from(latin1.join(''), 'latin1'),
    Buffer.from(utf16.join(''), 'utf16le'),
    new Uint8Array(ends.buffer),
    new Uint8Array(Int32Array.from(encoder.shapes).buffer),
    new Uint8Array(Int32Array.from(encoder.classes).buffer),
    encoder.v8Values.length > 0 ? serialize(encoder.v8Values) : new Uint8Array(0),
  ];
  const header = new Uint32Array(HEADER_WORDS);
  header[0] = BYTE_ORDER;
  header[1] = SECTIONS;
  let offset = HEADER_BYTES;
  sections.forEach((section, i) => {
    offset = (offset + 7) & ~7;
    header[2 + 2 * i] = offset;
    header[3 + 2 * i] = section.length;
    offset += section.length;
  });
  const out = new Uint8Array(offset);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  out.set(new Uint8Array(header.buffer), MAGIC.length);
  sections.forEach((section, i) => out.set(section, header[2 + 2 * i]!));
  return out;
}

/** Thrown for bytes that are not a whole snapshot of this format. */
class Unreadable extends Error {}

// Reading makes its objects and small arrays with literals, from functions made once per object
// shape or array length: each object is then allocated once at its final size (assigning keys one
// by one to `{}` grows it step by step), a short array at its exact length (pushing onto `[]`
// reserves room for 17), and each kind of array keeps the elements kind it had when built (an
// array of numbers stays unboxed). The keys are written as JSON string literals, so no key can be
// read as code.
type ValueReader = { value(): unknown };
type MakeObject = (d: ValueReader) => object;
type MakeArray = (d: ValueReader) => unknown[];
type MakeStrings = (strings: StringTable, ops: Int32Array, at: number) => string[];
type MakeInts = (ops: Int32Array, at: number) => number[];
type MakeNumbers = (numbers: Float64Array, ops: Int32Array, at: number) => number[];
const SHORT = 8;

function literals<F>(args: string[], element: (i: number) => string): F[] {
  return Array.from(
    { length: SHORT + 1 },
    (_, n) => new Function(...args, `return [${Array.from({ length: n }, (_, i) => element(i)).join(', ')}];`) as F,
  );
}
const MAKE_ARRAY = literals<MakeArray>(['d'], () => 'd.value()');
const MAKE_STRINGS = literals<MakeStrings>(['s', 'o', 'p'], (i) => `s.get(o[p + ${i}])`);
const MAKE_INTS = literals<MakeInts>(['o', 'p'], (i) => `o[p + ${i}]`);
const MAKE_NUMBERS = literals<MakeNumbers>(['n', 'o', 'p'], (i) => `n[o[p + ${i}]]`);

function objectMaker(keys: string[]): MakeObject | undefined {
  // "__proto__" in a literal would set the prototype; many keys are better assigned.
  if (keys.length > 64 || keys.includes('__proto__')) return undefined;
  return new Function('d', `return {${keys.map((k) => `${JSON.stringify(k)}: d.value()`).join(', ')}};`) as MakeObject;
}

/** Strings cut from the table between two pauses of a sliced restore, less one (a power of two less one). */
const STRINGS_PER_STEP = (1 << 15) - 1;

/** How deep `valueSliced` may pause: the index, its tables, their entries. */
const SLICED_DEPTH = 3;

/**
 * The strings of a snapshot, each cut from its block when first asked for: a lazy reading of the
 * index reads a small part of them (the parties' names are most of the text).
 */
class StringTable {
  private readonly cut: (string | undefined)[];

  constructor(
    private readonly latin1: string,
    private readonly utf16: string,
    /** Per string, where it starts in its block, and where it ends (or-ed with UTF16_BIT for the UTF-16 block). */
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
  ) {
    this.cut = new Array<string | undefined>(ends.length);
  }

  get length(): number {
    return this.ends.length;
  }

  get(i: number): string {
    const known = this.cut[i];
    if (known !== undefined) return known;
    if (!(i >= 0 && i < this.ends.length)) throw new Unreadable('an unknown string');
    const end = this.ends[i]!;
    const s = end & UTF16_BIT ? this.utf16.slice(this.starts[i], end & ~UTF16_BIT) : this.latin1.slice(this.starts[i], end);
    this.cut[i] = s;
    return s;
  }
}

/** What all the decoders of one snapshot share: its sections, read, and the object makers per shape. */
interface Tables {
  ops: Int32Array;
  numbers: Float64Array;
  strings: StringTable;
  /** Per shape, its keys. */
  shapes: string[][];
  classes: Constructor[];
  v8Values: unknown[];
  makers: (MakeObject | undefined | null)[];
}

/** A lazy array's elements not read yet (see `readLazily`). */
interface PendingElements {
  read(i: number): unknown;
  /** Per element, 1 once it is read. */
  done: Uint8Array;
}

/** The lazy arrays of the indexes read with `{ lazy: true }` that still have elements not read. */
const pendingArrays = new WeakMap<unknown[], PendingElements>();

/**
 * Makes `array` (empty) one of `n` elements, each read by `read(i)` when first asked for: element
 * i is an accessor that reads the element, then puts it in its place as an ordinary element. The
 * array behaves as an ordinary one in every other way (length, iteration, `map`, the same object
 * for the same element), only its elements are a little slower to reach (see `restoreAllParties`).
 */
function readLazily(array: unknown[], n: number, read: (i: number) => unknown): void {
  const pending: PendingElements = { read, done: new Uint8Array(n) };
  const restore = (i: number): unknown => {
    let value: unknown;
    try {
      value = read(i);
    } catch (err) {
      throw new Error(`not a readable index snapshot (${(err as Error).message})`);
    }
    Object.defineProperty(array, i, { value, writable: true, enumerable: true, configurable: true });
    pending.done[i] = 1;
    return value;
  };
  for (let i = 0; i < n; i++) Object.defineProperty(array, i, { get: () => restore(i), enumerable: true, configurable: true });
  pendingArrays.set(array, pending);
}

class Decoder implements ValueReader {
  private readonly ops: Int32Array;
  private readonly numbers: Float64Array;
  private readonly strings: StringTable;
  private readonly shapes: string[][];
  private readonly classes: Constructor[];
  private readonly v8Values: unknown[];
  private readonly makers: (MakeObject | undefined | null)[];
  /** The objects of the scope being read (the whole graph, or one element of a lazy array), numbered as they come. */
  private readonly objects: unknown[];
  /** The objects outside any element of a lazy array (the same array as `objects` when reading outside them). */
  private readonly globals: unknown[];

  /**
   * A reader of the value at `pos` of the value stream. `lazy`: lazy arrays are read lazily (see
   * LAZY and `readLazily`) rather than at once. `globals`: to read one element of a lazy array.
   */
  constructor(
    private readonly tables: Tables,
    private readonly lazy: boolean,
    globals?: unknown[],
    private pos = 0,
  ) {
    ({ ops: this.ops, numbers: this.numbers, strings: this.strings, shapes: this.shapes, classes: this.classes, v8Values: this.v8Values, makers: this.makers } = tables);
    this.objects = [];
    this.globals = globals ?? this.objects;
  }

  /** Where the elements of a lazy array of `n` start (n + 1 positions: the last is where they end), checked. */
  private elementStarts(n: number): Int32Array {
    this.operands(n + 1);
    const starts = this.ops.subarray(this.pos, this.pos + n + 1);
    for (let i = 0; i < n; i++) if (starts[i]! > starts[i + 1]!) throw new Unreadable('a lazy array is out of order');
    if (starts[0] !== this.pos + n + 1 || starts[n]! > this.ops.length) throw new Unreadable('a lazy array is out of place');
    return starts;
  }

  /** Element i of a lazy array, read alone: its own objects, and the others' through GLOBAL_REF. */
  private element(starts: Int32Array, i: number): unknown {
    const reader = new Decoder(this.tables, false, this.globals, starts[i]!);
    const value = reader.value();
    if (reader.pos !== starts[i + 1]) throw new Unreadable('an element of a lazy array does not end where it should');
    return value;
  }

  get done(): boolean {
    return this.pos === this.ops.length;
  }

  /** `n` operands follow: are they there? */
  private operands(n: number): void {
    if (n < 0 || this.pos + n > this.ops.length) throw new Unreadable('the value stream ends early');
  }

  /** An object (or array) made by `make`, numbered before its contents, as it was written. */
  private made<T>(make: () => T): T {
    const slot = this.objects.length;
    this.objects.push(undefined);
    const made = make();
    this.objects[slot] = made;
    return made;
  }

  value(): unknown {
    const ops = this.ops;
    this.operands(1);
    const tag = ops[this.pos++]!;
    switch (tag & TAG_MASK) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT:
        return ops[this.pos++];
      case DOUBLE:
        return this.numbers[ops[this.pos++]!];
      case STRING:
        return this.strings.get(ops[this.pos++]!);
      case REF:
        return this.objects[ops[this.pos++]!];
      case GLOBAL_REF:
        return this.globals[ops[this.pos++]!];
      case LAZY: {
        this.operands(2);
        const n = ops[this.pos++]!;
        const hoisted = ops[this.pos++]!;
        const array: unknown[] = [];
        this.objects.push(array);
        for (let i = 0; i < hoisted; i++) this.value();
        const starts = this.elementStarts(n);
        if (this.lazy) readLazily(array, n, (i) => this.element(starts, i));
        else for (let i = 0; i < n; i++) array.push(this.element(starts, i));
        this.pos = starts[n]!;
        return array;
      }
      case ARRAY: {
        const n = ops[this.pos++]!;
        const array = n <= SHORT ? this.made(() => MAKE_ARRAY[n]!(this)) : this.longArray(n);
        return tag & FROZEN ? Object.freeze(array) : array;
      }
      case STRINGS:
      case INTS:
      case NUMBERS: {
        const n = ops[this.pos++]!;
        this.operands(n);
        const at = this.pos;
        this.pos += n;
        let array: unknown[];
        if (n <= SHORT) {
          const kind = tag & TAG_MASK;
          array =
            kind === STRINGS ? MAKE_STRINGS[n]!(this.strings, ops, at) : kind === INTS ? MAKE_INTS[n]!(ops, at) : MAKE_NUMBERS[n]!(this.numbers, ops, at);
        } else {
          array = this.longTyped(tag & TAG_MASK, n, at);
        }
        this.objects.push(array);
        return tag & FROZEN ? Object.freeze(array) : array;
      }
      case OBJECT:
      case NULL_OBJECT: {
        const shape = ops[this.pos++]!;
        const keys = this.shapes[shape];
        if (!keys) throw new Unreadable('an unknown shape');
        let make = this.makers[shape];
        if (make === null) make = this.makers[shape] = (tag & TAG_MASK) === OBJECT ? objectMaker(keys) : undefined;
        const object = make ? this.made(() => make(this)) : this.assigned(keys, (tag & TAG_MASK) === OBJECT ? {} : Object.create(null));
        return tag & FROZEN ? Object.freeze(object) : object;
      }
      case MAP: {
        const n = ops[this.pos++]!;
        const map = new Map<unknown, unknown>();
        this.objects.push(map);
        for (let i = 0; i < n; i++) {
          const k = this.value();
          map.set(k, this.value());
        }
        return tag & FROZEN ? Object.freeze(map) : map;
      }
      case SET: {
        const n = ops[this.pos++]!;
        const set = new Set<unknown>();
        this.objects.push(set);
        for (let i = 0; i < n; i++) set.add(this.value());
        return tag & FROZEN ? Object.freeze(set) : set;
      }
      case INSTANCE: {
        const { object, keys } = this.instance();
        for (const key of keys) if (!this.memoField(object, key)) object[key] = this.value();
        return tag & FROZEN ? Object.freeze(object) : object;
      }
      case V8: {
        const at = ops[this.pos++]!;
        if (at >= this.v8Values.length) throw new Unreadable('an unknown node:v8 value');
        const value = this.v8Values[at];
        if (typeof value === 'object' && value !== null) this.objects.push(value);
        return value;
      }
      default:
        throw new Unreadable(`unknown tag ${tag}`);
    }
  }

  /**
   * An instance's class and shape (the tag read), the object made with its prototype without
   * running the constructor (every field comes from the snapshot, so nothing is built twice) and
   * numbered before its fields, as it was written.
   */
  private instance(): { object: Record<string, unknown>; keys: string[] } {
    this.operands(2);
    const cls = this.classes[this.ops[this.pos++]!];
    const keys = this.shapes[this.ops[this.pos++]!];
    if (!cls || !keys) throw new Unreadable('an unknown class or shape');
    const object = Object.create(cls.prototype as object) as Record<string, unknown>;
    this.objects.push(object);
    return { object, keys };
  }

  /** A memo field (written empty, whatever it held): set on `object`; false when the next field is a value. */
  private memoField(object: Record<string, unknown>, key: string): boolean {
    if (this.ops[this.pos] !== MEMO) return false;
    this.operands(2);
    object[key] = emptyMemo(MEMO_KINDS[this.ops[this.pos + 1]!]);
    this.pos += 2;
    return true;
  }

  /**
   * `value()`, yielding to the event loop between the elements of the values nearest the root
   * (the index's tables and their entries) whenever `clock` says the slice is over. Deeper values
   * are small and decoded at once. Reads the same stream in the same order as `value()`.
   */
  async valueSliced(depth: number, clock: TimeSlices): Promise<unknown> {
    const pause = clock.due();
    if (pause) await pause;
    if (depth >= SLICED_DEPTH) return this.value();
    const ops = this.ops;
    this.operands(1);
    const tag = ops[this.pos]!;
    const frozen = (tag & FROZEN) !== 0;
    switch (tag & TAG_MASK) {
      case ARRAY: {
        const n = ops[this.pos + 1]!;
        if (n <= SHORT) break;
        this.pos += 2;
        const array: unknown[] = [];
        this.objects.push(array);
        for (let i = 0; i < n; i++) array.push(await this.valueSliced(depth + 1, clock));
        return frozen ? Object.freeze(array) : array;
      }
      case MAP: {
        this.pos++;
        const n = ops[this.pos++]!;
        const map = new Map<unknown, unknown>();
        this.objects.push(map);
        for (let i = 0; i < n; i++) {
          const k = await this.valueSliced(depth + 1, clock);
          map.set(k, await this.valueSliced(depth + 1, clock));
        }
        return frozen ? Object.freeze(map) : map;
      }
      case SET: {
        this.pos++;
        const n = ops[this.pos++]!;
        const set = new Set<unknown>();
        this.objects.push(set);
        for (let i = 0; i < n; i++) set.add(await this.valueSliced(depth + 1, clock));
        return frozen ? Object.freeze(set) : set;
      }
      case LAZY: {
        this.pos++;
        this.operands(2);
        const n = ops[this.pos++]!;
        const hoisted = ops[this.pos++]!;
        const array: unknown[] = [];
        this.objects.push(array);
        for (let i = 0; i < hoisted; i++) await this.valueSliced(depth + 1, clock);
        const starts = this.elementStarts(n);
        for (let i = 0; i < n; i++) {
          const pause = clock.due();
          if (pause) await pause;
          array.push(this.element(starts, i));
        }
        this.pos = starts[n]!;
        return array;
      }
      case INSTANCE: {
        this.pos++;
        const { object, keys } = this.instance();
        for (const key of keys) if (!this.memoField(object, key)) object[key] = await this.valueSliced(depth + 1, clock);
        return frozen ? Object.freeze(object) : object;
      }
    }
    return this.value();
  }

  private longArray(n: number): unknown[] {
    const array: unknown[] = [];
    this.objects.push(array);
    for (let i = 0; i < n; i++) array.push(this.value());
    return array;
  }

  private longTyped(kind: number, n: number, at: number): unknown[] {
    const ops = this.ops;
    const array: unknown[] = [];
    if (kind === STRINGS) for (let i = 0; i < n; i++) array.push(this.strings.get(ops[at + i]!));
    else if (kind === INTS) for (let i = 0; i < n; i++) array.push(ops[at + i]);
    else for (let i = 0; i < n; i++) array.push(this.numbers[ops[at + i]!]);
    return array;
  }

  private assigned(keys: string[], object: Record<string, unknown>): object {
    this.objects.push(object);
    for (const key of keys) Object.defineProperty(object, key, { value: this.value(), writable: true, enumerable: true, configurable: true });
    return object;
  }
}

/**
 * The index held in a snapshot. The bytes may live in a SharedArrayBuffer (one copy for all the
 * worker threads): they are only read. Throws when the bytes are not a snapshot of this format.
 *
 * `lazy`: each prepared party is read from the bytes when first asked for (`index.parties[p]`),
 * not all at once: most of the reading time, and a single screening reads a few dozen parties of
 * thousands. The index screens exactly as the one read at once; reaching a party through the lazy
 * array costs a little more until `restoreAllParties` has read the rest. The bytes are kept (and
 * must not change) until then.
 */
export function indexFromSnapshot(bytes: Uint8Array, options: { lazy?: boolean } = {}): ScreeningIndex {
  if (bytes.length < HEADER_BYTES || Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new Error(`not an index snapshot of format ${MAGIC}`);
  }
  let root: unknown;
  try {
    root = decodeSnapshot(bytes, options.lazy ?? false);
  } catch (err) {
    throw new Error(`not a readable index snapshot (${(err as Error).message})`);
  }
  if (!(root instanceof ScreeningIndex)) throw new Error('index snapshot: the root is not a CandidateIndex');
  return root;
}

function decodeSnapshot(bytes: Uint8Array, lazy: boolean): unknown {
  const decoder = snapshotDecoder(bytes, lazy);
  const root = decoder.value();
  if (!decoder.done) throw new Unreadable('bytes left over after the index');
  return root;
}

/**
 * `indexFromSnapshot` for a thread that must keep answering meanwhile (a server's event loop):
 * the same decoding, cut into slices of about `sliceMs`, the event loop served between them.
 * Takes a little longer in all; never holds the thread for long.
 */
export async function indexFromSnapshotSliced(bytes: Uint8Array, sliceMs = 10): Promise<ScreeningIndex> {
  if (bytes.length < HEADER_BYTES || Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new Error(`not an index snapshot of format ${MAGIC}`);
  }
  const clock = new TimeSlices(sliceMs);
  let root: unknown;
  try {
    const steps = decoderSteps(bytes);
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      const pause = clock.due();
      if (pause) await pause;
    }
    const decoder = step.value;
    root = await decoder.valueSliced(0, clock);
    if (!decoder.done) throw new Unreadable('bytes left over after the index');
  } catch (err) {
    throw new Error(`not a readable index snapshot (${(err as Error).message})`);
  }
  if (!(root instanceof ScreeningIndex)) throw new Error('index snapshot: the root is not a CandidateIndex');
  return root;
}

/**
 * For an index read with `indexFromSnapshot(bytes, { lazy: true })`: reads the parties not read
 * yet, in slices of about `sliceMs` with the event loop served between them (a batch worker keeps
 * answering meanwhile), then puts an ordinary array of the same parties in place of the lazy one,
 * which is faster to index (`sliceMs` Infinity: all in one go). Does nothing for any other index.
 */
export async function restoreAllParties(index: ScreeningIndex, sliceMs = 5): Promise<void> {
  const lazy = index.parties as unknown[];
  const pending = pendingArrays.get(lazy);
  if (!pending) return;
  const clock = new TimeSlices(sliceMs);
  const parties: unknown[] = [];
  for (let i = 0; i < lazy.length; i++) {
    if (!pending.done[i]) {
      const pause = clock.due();
      if (pause) await pause;
    }
    parties.push(lazy[i]);
  }
  pendingArrays.delete(lazy);
  const fields = index as unknown as { parties: unknown[] };
  if (fields.parties === lazy) fields.parties = parties;
}

/** A decoder over a snapshot's sections, positioned at the root value. */
function snapshotDecoder(bytes: Uint8Array, lazy: boolean): Decoder {
  const steps = decoderSteps(bytes, lazy);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `snapshotDecoder` in steps of a few milliseconds each (the string table is cut in parts). */
function* decoderSteps(bytes: Uint8Array, lazy = false): Generator<void, Decoder> {
  const header = new Uint32Array(HEADER_WORDS);
  new Uint8Array(header.buffer).set(bytes.subarray(MAGIC.length, HEADER_BYTES));
  if (header[0] !== BYTE_ORDER) throw new Unreadable('written on a machine of another byte order');
  if (header[1] !== SECTIONS) throw new Unreadable(`${header[1]} sections`);
  /** A section as a typed array: a view of the bytes when aligned, else a copy. */
  const section = <T>(i: number, T: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }): T => {
    const offset = header[2 + 2 * i]!;
    const length = header[3 + 2 * i]!;
    if (offset + length > bytes.length || length % T.BYTES_PER_ELEMENT !== 0) throw new Unreadable('truncated');
    const at = bytes.byteOffset + offset;
    if (at % T.BYTES_PER_ELEMENT === 0) return new T(bytes.buffer, at, length / T.BYTES_PER_ELEMENT);
    const copy = new Uint8Array(length);
    copy.set(bytes.subarray(offset, offset + length));
    return new T(copy.buffer, 0, length / T.BYTES_PER_ELEMENT);
  };
  const text = (i: number, encoding: 'latin1' | 'utf16le') => {
    const raw = section(i, Uint8Array);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString(encoding);
  };

  // The strings: where each starts in its block (each is cut when first needed, see StringTable).
  const latin1 = text(2, 'latin1');
  const utf16 = text(3, 'utf16le');
  const ends = section(4, Uint32Array);
  const starts = new Uint32Array(ends.length);
  let latin1Start = 0;
  let utf16Start = 0;
  for (let i = 0; i < ends.length; i++) {
    if ((i & STRINGS_PER_STEP) === STRINGS_PER_STEP) yield;
    const end = ends[i]!;
    if (end & UTF16_BIT) {
      const at = end & ~UTF16_BIT;
      if (at < utf16Start) throw new Unreadable('the string table is out of order');
      starts[i] = utf16Start;
      utf16Start = at;
    } else {
      if (end < latin1Start) throw new Unreadable('the string table is out of order');
      starts[i] = latin1Start;
      latin1Start = end;
    }
  }
  if (latin1Start !== latin1.length || utf16Start !== utf16.length) throw new Unreadable('the string table does not add up');
  const strings = new StringTable(latin1, utf16, starts, ends);

  const shapeWords = section(5, Int32Array);
  const shapes: string[][] = [];
  for (let i = 0; i < shapeWords.length; ) {
    const n = shapeWords[i]!;
    if (n < 0 || i + n >= shapeWords.length) throw new Unreadable('a shape is cut short');
    const keys: string[] = [];
    for (let k = 1; k <= n; k++) {
      const key = strings.get(shapeWords[i + k]!);
      keys.push(key);
    }
    shapes.push(keys);
    i += n + 1;
  }
  const classes = Array.from(section(6, Int32Array), (id) => {
    const cls = CLASSES.get(strings.get(id));
    if (!cls) throw new Unreadable(`unknown class ${strings.get(id)}`);
    return cls;
  });
  // Copied first: node:v8 reads a typed array as a view of the bytes it reads from when it can,
  // and the snapshot's bytes are shared by all the worker threads (the index's scratch arrays
  // would be written by all of them at once).
  const v8Bytes = Uint8Array.from(section(7, Uint8Array));
  const v8Values = v8Bytes.length > 0 ? (deserialize(v8Bytes) as unknown[]) : [];
  const makers = new Array<null>(shapes.length).fill(null);
  return new Decoder({ ops: section(0, Int32Array), numbers: section(1, Float64Array), strings, shapes, classes, v8Values, makers }, lazy);
}
