/**
 * EntityBuilder: the one way adapters assemble an entity. It trims values, drops empties and
 * duplicates, keeps insertion order, and picks a caption.
 */
import type { Entity, EntityName, Properties, PropertyName, Schema } from './entity.js';

/**
 * A copy of `s` that does not share memory with the string it was cut from. Streaming parsers hand
 * out substrings of their input chunks, and V8 keeps a whole chunk alive for each substring kept;
 * over the 121 MB OFAC file that alone costs some 80 MB.
 */
function own(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export class EntityBuilder {
  readonly id: string;
  schema: Schema;
  readonly dataset: string;
  private readonly values = new Map<PropertyName, string[]>();
  private readonly names: EntityName[] = [];

  constructor(dataset: string, sourceId: string, schema: Schema) {
    this.dataset = dataset;
    this.id = entityId(dataset, sourceId);
    this.schema = schema;
  }

  /** Add values to a property; blank values and repeats are ignored. */
  add(property: PropertyName, ...values: (string | undefined | null)[]): this {
    for (const raw of values) {
      if (raw === undefined || raw === null) continue;
      const value = own(raw.replace(/\s+/g, ' ').trim());
      if (value === '') continue;
      let list = this.values.get(property);
      if (!list) {
        list = [];
        this.values.set(property, list);
      }
      if (!list.includes(value)) list.push(value);
    }
    return this;
  }

  get(property: PropertyName): readonly string[] {
    return this.values.get(property) ?? [];
  }

  has(property: PropertyName): boolean {
    return (this.values.get(property)?.length ?? 0) > 0;
  }

  /** Record a structured name and add its full form to the property its kind names. */
  addName(name: EntityName): this {
    const full = own(name.full.replace(/\s+/g, ' ').trim());
    if (full === '') return this;
    const parts = name.parts.filter((p) => p.value.trim() !== '').map((p) => ({ type: p.type, value: own(p.value) }));
    const clean: EntityName = { ...name, full, parts };
    if (!this.names.some((n) => n.full === clean.full && n.kind === clean.kind && n.script === clean.script)) {
      this.names.push(clean);
    }
    this.add(name.kind, full);
    return this;
  }

  build(): Entity {
    const properties: Properties = {};
    for (const [key, list] of this.values) properties[key] = [...list];
    const entity: Entity = {
      id: this.id,
      schema: this.schema,
      caption: pickCaption(this.schema, properties, this.names) ?? this.id,
      datasets: [this.dataset],
      properties,
    };
    if (this.names.length > 0) entity.names = [...this.names];
    return entity;
  }
}

/** `<dataset>-<source id>`, the source id with whitespace removed. */
export function entityId(dataset: string, sourceId: string): string {
  return `${dataset}-${sourceId.trim().replace(/\s+/g, '-')}`;
}

function pickCaption(schema: Schema, properties: Properties, names: EntityName[]): string | undefined {
  if (schema === 'CryptoWallet') return properties.publicKey?.[0];
  const latinPrimary = names.find((n) => n.kind === 'name' && n.script === 'Latn');
  return latinPrimary?.full ?? properties.name?.[0] ?? properties.alias?.[0] ?? properties.publicKey?.[0];
}
