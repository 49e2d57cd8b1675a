/**
 * Candidate-index snapshots: a built `CandidateIndex` as bytes, and back, without preparing the
 * listed names again. A batch builds (or reads) the index once and hands the bytes to its worker
 * threads; the CLI keeps them in a cache file between runs. Pure: no file I/O here.
 *
 * The encoding is generic over the index's own fields, so fields added to the index or to the
 * prepared names are carried without touching this file: every own property of the index is
 * written with node:v8 `serialize` (Maps, Sets, arrays, typed arrays and plain objects as they
 * are), except memo caches that start empty (see `memoKind`). v8 drops prototypes, so
 * instances of the index's own classes (`Postings`) are written as their own fields plus the class
 * name and get their prototype back on reading. A field holding an instance of any other class
 * is refused with an error naming it, rather than coming back as a plain object whose methods
 * are missing.
 */
import { deserialize, serialize } from 'node:v8';
import { CandidateIndex, Postings } from './candidates.js';

/** Bumped when the layout below changes; snapshots of another format are refused. */
const FORMAT = 'vigil-index-snapshot/1';

type Constructor = abstract new (...args: never[]) => object;

/** The classes whose instances a snapshot restores, by name. */
const CLASSES: ReadonlyMap<string, Constructor> = new Map<string, Constructor>([
  ['CandidateIndex', CandidateIndex],
  ['Postings', Postings],
]);

/** Prototypes v8 writes and reads back as they are. */
const BUILTIN_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  ...[Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map(
    (T) => T.prototype as object,
  ),
]);

/** One class instance: its class name and its own fields (each a value or another instance). */
interface EncodedObject {
  class: string;
  fields: [name: string, value: unknown, instance: boolean][];
  /** Fields left out as memo caches, recreated empty on reading. */
  memos: [name: string, kind: MemoKind][];
}

type MemoKind = 'Map' | 'Set' | 'WeakMap' | 'WeakSet';

interface Envelope {
  format: string;
  root: EncodedObject;
}

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

function emptyMemo(kind: MemoKind): object {
  switch (kind) {
    case 'Map':
      return new Map();
    case 'Set':
      return new Set();
    case 'WeakMap':
      return new WeakMap();
    case 'WeakSet':
      return new WeakSet();
  }
}

function encode(value: object, path: string): EncodedObject {
  const cls = className(value);
  if (!cls) throw new Error(`index snapshot: ${path} is not an instance of a class the snapshot knows`);
  const out: EncodedObject = { class: cls, fields: [], memos: [] };
  for (const name of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[name];
    const where = `${path}.${name}`;
    const memo = memoKind(name, field);
    if (memo) {
      out.memos.push([name, memo]);
    } else if (typeof field === 'object' && field !== null && className(field)) {
      out.fields.push([name, encode(field, where), true]);
    } else {
      if (typeof field === 'object' && field !== null && !BUILTIN_PROTOTYPES.has(Object.getPrototypeOf(field) as object | null)) {
        const proto = Object.getPrototypeOf(field) as { constructor?: { name?: string } };
        throw new Error(
          `index snapshot: ${where} is a ${proto.constructor?.name ?? 'class instance'}, which a snapshot would turn into a plain object; ` +
            'add its class to CLASSES in src/match/snapshot.ts',
        );
      }
      if (typeof field === 'function' || typeof field === 'symbol') throw new Error(`index snapshot: ${where} is a ${typeof field}, which cannot be stored`);
      out.fields.push([name, field, false]);
    }
  }
  return out;
}

function decode(encoded: EncodedObject): object {
  const cls = CLASSES.get(encoded.class);
  if (!cls) throw new Error(`index snapshot: unknown class ${encoded.class}`);
  // The object gets its prototype without running the constructor: every field comes from the
  // snapshot, so nothing is built twice.
  const target = Object.create(cls.prototype as object) as Record<string, unknown>;
  for (const [name, value, instance] of encoded.fields) target[name] = instance ? decode(value as EncodedObject) : value;
  for (const [name, kind] of encoded.memos) target[name] = emptyMemo(kind);
  return target;
}

/** The index as bytes (node:v8 serialisation); `indexFromSnapshot` reads them back. */
export function indexSnapshot(index: CandidateIndex): Uint8Array {
  const envelope: Envelope = { format: FORMAT, root: encode(index, 'index') };
  return serialize(envelope);
}

/**
 * The index held in a snapshot. The bytes may live in a SharedArrayBuffer (one copy for all the
 * worker threads): they are only read. Throws when the bytes are not a snapshot of this format.
 */
export function indexFromSnapshot(bytes: Uint8Array): CandidateIndex {
  let envelope: Envelope;
  try {
    envelope = deserialize(bytes) as Envelope;
  } catch (err) {
    throw new Error(`not a readable index snapshot (${(err as Error).message})`);
  }
  if (envelope?.format !== FORMAT) throw new Error(`not an index snapshot of format ${FORMAT}`);
  if (envelope.root.class !== 'CandidateIndex') throw new Error('index snapshot: the root is not a CandidateIndex');
  return decode(envelope.root) as CandidateIndex;
}
