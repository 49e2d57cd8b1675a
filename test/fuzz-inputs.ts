/**
 * Hostile input for the fuzz suites (test/fuzz-routes.test.ts, test/fuzz-formats.test.ts), as
 * fast-check arbitraries: strings with NUL and other control characters, lone surrogates, RTL and
 * zero-width characters, huge and empty strings, SQL-ish and path-traversal text; numbers out of
 * range and not numbers at all; JSON text of any type, deeply nested, with duplicated keys and very
 * long arrays; JSON text shaped by a JSON schema (valid shapes with hostile values); CSV and JSON
 * lines uploads; byte mutations (cuts, flips, invalid UTF-8, BOMs) of real files.
 *
 * `nul: false` leaves out NUL characters, for the one known case they still break (PostgreSQL
 * text columns: issue 16's "smaller" row, fixed on another branch).
 */
import fc from 'fast-check';

/** Texts that have broken parsers, databases and path handling elsewhere. */
export const NASTY_TEXTS = [
  '',
  ' ',
  '\t\r\n',
  "' OR '1'='1",
  "'; DROP TABLE subjects; --",
  '" OR ""="',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  '${jndi:ldap://127.0.0.1/a}',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://127.0.0.1")',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '\u202Eevil\u202C',
  '\u200B',
  '\u200B\u200C\u200D\u2060',
  '\uFEFF',
  'A\u0301\u0301\u0301\u0301\u0301',
  'Сон Кым Хёк',
  '송금혁',
  '宋金赫',
  'مرحبا',
  '𝕍𝕚𝕘𝕚𝕝',
  '👩‍👩‍👧‍👦',
];

const NUL_TEXTS = ['\u0000', 'a\u0000b', 'Gao\u0000Qiang'];

/** One "character" of a hostile string: any code point, a control character, a lone surrogate, a bidi or zero-width mark. */
function unit(nul: boolean): fc.Arbitrary<string> {
  const specials = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u202E', '\u202D', '\u2066', '\u200B', '\u200D', '\uFEFF', '\u00AD', '\u0085', '\u2028', '\u2029', '\u001B', '\u007F', '\r', '\n', '"', "'", '\\', ';', ',', '%', '/'];
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...specials) },
    { weight: 1, arbitrary: fc.integer({ min: nul ? 0 : 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  );
}

/** A hostile string (a JS string; JSON-encode it for a body). */
export function hostileString(nul = true): fc.Arbitrary<string> {
  const strip = (s: string) => (nul ? s : s.replaceAll('\u0000', ''));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: unit(nul), maxLength: 40 }) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_TEXTS, ...(nul ? NUL_TEXTS : [])) },
    // Huge: past every maxLength of the API, within the body limit.
    { weight: 1, arbitrary: fc.tuple(unit(nul), fc.constantFrom(201, 2_001, 20_001, 200_001)).map(([c, n]) => c.repeat(n)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY_TEXTS), fc.string({ unit: unit(nul), maxLength: 8 })).map(([a, b]) => a + b) },
  ).map(strip);
}

/** Numbers as JSON text: out of range, negative zero, huge, fractional, beyond double precision. */
export function hostileNumberText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('0', '-0', '-1', '1', '1.5', '0.5', '2', '100', '101', '1001', '1e308', '1e400', '-1e400', '9007199254740993', '123456789012345678901234567890', '1E2', '0.0000001', '-2147483649'),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  );
}

/** Deep nesting: arrays or objects, thousands of levels (as JSON text; never built as a JS value). */
export function deepJson(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(100, 1_000, 10_000, 100_000), fc.boolean()).map(([n, arrays]) =>
    arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
  );
}

/** Any JSON text, mostly not what a field expects: wrong types, deep nesting, long arrays. */
export function anyJson(nul = true): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    hostileString(nul).map((s) => JSON.stringify(s)),
    hostileNumberText(),
    fc.constantFrom('true', 'false', 'null', '[]', '{}', '""'),
  );
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(leaf, { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`) },
    { weight: 2, arbitrary: fc.array(fc.tuple(hostileString(nul), leaf), { maxLength: 5 }).map(objectText) },
    { weight: 1, arbitrary: deepJson() },
  );
}

/** JSON object text from entries (a key may repeat: duplicated fields). */
export function objectText(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
}

/** A schema for a value like `example` (so an example record becomes a valid shape to fill with hostile values). */
export function schemaOf(example: unknown): JsonSchema {
  if (Array.isArray(example)) return { type: 'array', items: example.length ? schemaOf(example[0]) : {} };
  if (example !== null && typeof example === 'object') {
    return { type: 'object', properties: Object.fromEntries(Object.entries(example).map(([k, v]) => [k, schemaOf(v)])) };
  }
  if (typeof example === 'number') return { type: Number.isInteger(example) ? 'integer' : 'number', examples: [example] };
  if (typeof example === 'boolean') return { type: 'boolean' };
  return { type: 'string', examples: [example] };
}

/** A value the schema accepts, when one is easy to give (JSON text). */
function plainValue(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map((v) => JSON.stringify(v)));
  if (schema.examples?.length) return fc.constantFrom(...schema.examples.map((v) => JSON.stringify(v)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) }).map(String);
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1, noNaN: true }).map((d) => JSON.stringify(d));
    case 'boolean':
      return fc.boolean().map(String);
    case 'string':
      return fc.constantFrom('Person', 'Gao Qiang', 'us', 'eu_cyber_annex', 'x', 'FZ-1', '1987-08-30').map((s) => JSON.stringify(s));
    default:
      return fc.constant('null');
  }
}

/**
 * JSON text shaped by `schema` (the request's own schema from the OpenAPI document): the required
 * fields mostly there, known fields with plain or hostile values, sometimes a wrong type, an extra
 * or duplicated field, an array far longer than allowed. `shapes` fill untyped places (a record
 * whose schema says nothing) with real record shapes to mutate. `mild`: the shape kept (required
 * fields, right types) and a hostile string now and then, so that writes go through and are stored.
 */
export function fromSchema(schema: JsonSchema | undefined, options: { nul: boolean; shapes: JsonSchema[]; mild?: boolean }, depth = 0): fc.Arbitrary<string> {
  const { nul, mild = false } = options;
  if (!schema || depth > 6) return anyJson(nul);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, options, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const isObject = type === 'object' || schema.properties !== undefined;
  let shaped: fc.Arbitrary<string>;
  if (isObject) {
    const props = Object.entries(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const fields = props.map(([name, s]) =>
      mild
        ? required.has(name)
          ? fromSchema(s, options, depth + 1).map((v) => [[name, v] as const])
          : fc.option(fromSchema(s, options, depth + 1).map((v) => [[name, v] as const]), { nil: [] as (readonly [string, string])[], freq: 3 })
        : fc.oneof(
        { weight: required.has(name) ? 12 : 3, arbitrary: fromSchema(s, options, depth + 1).map((v) => [[name, v] as const]) },
        { weight: required.has(name) ? 1 : 3, arbitrary: fc.constant([] as (readonly [string, string])[]) },
        { weight: 1, arbitrary: fc.tuple(fromSchema(s, options, depth + 1), anyJson(nul)).map(([a, b]) => [[name, a] as const, [name, b] as const]) },
      ),
    );
    const extraValue = typeof schema.additionalProperties === 'object' ? fromSchema(schema.additionalProperties, options, depth + 1) : anyJson(nul);
    const extras = fc.array(fc.tuple(fc.oneof(hostileString(nul), fc.constantFrom('name', 'birthDate', '__proto__', 'constructor')), extraValue), { maxLength: 3 });
    shaped = fc.tuple(fc.tuple(...fields), mild ? fc.constant([]) : extras).map(([f, e]) => objectText([...f.flat(), ...e]));
  } else if (type === 'array') {
    const item = fromSchema(schema.items, options, depth + 1);
    shaped = fc.oneof(
      { weight: 6, arbitrary: fc.array(item, { minLength: Math.min(schema.minItems ?? 0, 3), maxLength: 4 }).map((xs) => `[${xs.join(',')}]`) },
      { weight: 1, arbitrary: fc.constant('[]') },
      // Longer than allowed (or just long): one item repeated.
      { weight: 1, arbitrary: fc.tuple(item, fc.constantFrom(51, 501, 5_001, (schema.maxItems ?? 50) + 1)).map(([x, n]) => `[${Array(Math.min(n, 20_001)).fill(x.length > 40 ? '"x"' : x).join(',')}]`) },
    );
  } else if (type === 'string') {
    shaped = mild
      ? fc.oneof(
          { weight: 3, arbitrary: plainValue(schema) },
          // The plain value with a suffix: new references, new names.
          { weight: 3, arbitrary: fc.tuple(plainValue(schema), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 })).map(([v, x]) => (typeof JSON.parse(v) === 'string' ? JSON.stringify(`${JSON.parse(v) as string}-${x}`) : v)) },
          { weight: 1, arbitrary: hostileString(nul).map((s) => JSON.stringify(s.slice(0, 500))) },
        )
      : fc.oneof({ weight: 2, arbitrary: plainValue(schema) }, { weight: 3, arbitrary: hostileString(nul).map((s) => JSON.stringify(s)) });
  } else if (type === 'integer' || type === 'number') {
    shaped = mild ? plainValue(schema) : fc.oneof({ weight: 2, arbitrary: plainValue(schema) }, { weight: 3, arbitrary: hostileNumberText() });
  } else if (type === 'boolean') {
    shaped = fc.oneof(plainValue(schema), fc.constantFrom('"true"', '0', '1', '"yes"'));
  } else if (schema.examples?.length || options.shapes.length) {
    // Untyped (a record the handler checks itself): a real shape, or its example, filled with hostile values.
    const shapes = [...(schema.examples ?? []).map(schemaOf), ...options.shapes];
    shaped = fc.oneof(...shapes.map((s) => fromSchema(s, { ...options, shapes: [] }, depth + 1)));
  } else {
    return anyJson(nul);
  }
  // Now and then a value of the wrong type altogether (not in `mild` mode: writes that should go through).
  if (mild) return shaped;
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: anyJson(nul) });
}

/** A CSV cell: plain, hostile, quoted with embedded quotes and line ends, or a formula. */
function csvCell(nul: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Gao Qiang', 'Person', 'FZ-C1', '1987-08-30', 'customer', '', '""', '"unclosed', 'a"b', '"a""b"', '"line\nbreak"', '=1+1', ';;;'),
    hostileString(nul).map((s) => (s.length > 2000 ? s.slice(0, 2000) : s)),
  );
}

/** A CSV upload: a header of known and unknown columns, rows of hostile cells, CRLF or LF, sometimes a BOM. */
export function csvUpload(nul = true): fc.Arbitrary<Buffer> {
  const column = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('ref', 'name', 'kind', 'schema', 'birthDate', 'nationality', 'wallet', 'email', 'names', 'emails', 'query') },
    { weight: 1, arbitrary: hostileString(nul).map((s) => s.slice(0, 50)) },
  );
  return fc
    .tuple(fc.array(column, { minLength: 1, maxLength: 5 }), fc.array(fc.array(csvCell(nul), { maxLength: 6 }), { maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
    .map(([header, rows, eol, bom]) => Buffer.from(`${bom ? '\uFEFF' : ''}${[header, ...rows].map((r) => r.join(',')).join(eol)}${eol}`, 'utf8'));
}

/** A JSON lines upload: records shaped like `shapes`, garbage lines, blank lines, sometimes invalid UTF-8 bytes. */
export function jsonlUpload(shapes: JsonSchema[], nul = true): fc.Arbitrary<Buffer> {
  const line = fc.oneof(
    { weight: 4, arbitrary: fc.oneof(...shapes.map((s) => fromSchema(s, { nul, shapes: [] }))) },
    { weight: 1, arbitrary: anyJson(nul) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '{', '{"ref": "FZ-1",', 'not json', '[1,2', '\uFEFF{}') },
  );
  return fc
    .tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.option(fc.uint8Array({ minLength: 1, maxLength: 4 }), { freq: 4 }))
    .map(([lines, bad]) => {
      const text = Buffer.from(lines.join('\n'), 'utf8');
      return bad ? Buffer.concat([text, Buffer.from('\n'), Buffer.from([0xff, 0xfe, ...bad]), Buffer.from('\n')]) : text;
    });
}

/** Percent-encode every byte of a string's UTF-8 but the unreserved ones (lone surrogates become U+FFFD). */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw URL pieces sent as they are: broken and sneaky percent-encoding, traversal, separators. */
export const RAW_URL_PIECES = ['%', '%zz', '%0', '%00', '%ED%A0%80', '%C0%AE%C0%AE%2F', '%FF%FE', '..%2F..%2F', '..', '.', '%2e%2e', '%252e%252e', 'a%2Fb', 'a;b', 'a,b', '%20', '+', '%2B', '%3F%23', 'x%0D%0AX-Injected:%201'];

/**
 * A mutation of a file's bytes: cut short, a byte flipped or dropped, invalid UTF-8 inserted, a
 * BOM (UTF-8, UTF-16) put in front, a range duplicated (repeated fields and records).
 */
export type Mutation =
  | { kind: 'cut'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: readonly number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'bom'; bom: readonly number[] }
  | { kind: 'duplicate'; at: number; length: number };

export function mutation(): fc.Arbitrary<Mutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const badUtf8 = fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x00], [0x80], [0xef, 0xbb, 0xbf]);
  const where = (r: number) => r; // fraction of the length, resolved by applyMutation
  return fc.oneof(
    at.map((a) => ({ kind: 'cut' as const, at: where(a) })),
    fc.tuple(at, fc.integer({ min: 0, max: 255 })).map(([a, byte]) => ({ kind: 'flip' as const, at: a, byte })),
    fc.tuple(at, fc.oneof(badUtf8, fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }))).map(([a, bytes]) => ({ kind: 'insert' as const, at: a, bytes })),
    fc.tuple(at, fc.integer({ min: 1, max: 64 })).map(([a, length]) => ({ kind: 'delete' as const, at: a, length })),
    fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]).map((bom) => ({ kind: 'bom' as const, bom })),
    fc.tuple(at, fc.integer({ min: 1, max: 400 })).map(([a, length]) => ({ kind: 'duplicate' as const, at: a, length })),
  );
}

/** Apply mutations in turn (positions are fractions of the current length). */
export function applyMutations(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = bytes;
  for (const m of mutations) {
    const i = 'at' in m ? Math.floor(m.at * b.length) : 0;
    switch (m.kind) {
      case 'cut':
        b = b.subarray(0, i);
        break;
      case 'flip':
        if (b.length > 0) b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i + 1)]);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, i), Buffer.from(m.bytes), b.subarray(i)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
        break;
      case 'bom':
        b = Buffer.concat([Buffer.from(m.bom), b]);
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, i + m.length), b.subarray(i)]);
        break;
    }
  }
  return b;
}

/** The seed and run count of a fuzz suite: VIGIL_FUZZ_SEED, VIGIL_FUZZ_RUNS (times `scale`), with the CI defaults. */
export function fuzzSettings(defaultRuns: number): { seed: number; runs: number } {
  const seedText = process.env.VIGIL_FUZZ_SEED?.trim();
  const runsText = process.env.VIGIL_FUZZ_RUNS?.trim();
  const seed = seedText ? Number(seedText) : 16_016;
  const runs = runsText ? Number(runsText) : defaultRuns;
  if (!Number.isInteger(seed)) throw new Error(`VIGIL_FUZZ_SEED must be an integer, not "${seedText}"`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`VIGIL_FUZZ_RUNS must be a positive integer, not "${runsText}"`);
  return { seed, runs };
}

/**
 * The seed of one property: the run's seed mixed with the property's name (a route, a format), so
 * that properties of the same shape do not all draw the same cases, and adding one changes no other.
 */
export function seedFor(seed: number, name: string): number {
  let h = seed | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}
