/** Human-readable output of the CLI: entities, list status, diffs. */
import type { Entity } from '../model/index.js';
import { PROPERTIES, countryName } from '../model/index.js';
import type { VersionDiff } from '../lists/versions.js';
import type { ScreenResult } from '../match/index.js';
import type { ListVersion } from '../store/index.js';

const COUNTRY_PROPS = new Set(['nationality', 'citizenship', 'country', 'jurisdiction', 'flag']);

function showValue(prop: string, value: string): string {
  if (COUNTRY_PROPS.has(prop) && /^[a-z]{2}$/.test(value)) {
    const name = countryName(value);
    return name ? `${name} (${value})` : value;
  }
  return value;
}

export function renderEntity(e: Entity, wallets: Entity[] = []): string {
  const lines = [`${e.caption}`, `  id:      ${e.id}`, `  schema:  ${e.schema}`, `  dataset: ${e.datasets.join(', ')}`];
  const width = Math.max(...Object.keys(e.properties).map((k) => k.length), 8);
  // The model's order (names first, sanctions facts last), not the store's alphabetical one.
  for (const prop of PROPERTIES) {
    const values = e.properties[prop];
    if (!values || values.length === 0) continue;
    const label = `  ${prop}:`.padEnd(width + 4);
    lines.push(`${label}${showValue(prop, values[0]!)}`);
    for (const v of values.slice(1)) lines.push(`${' '.repeat(width + 4)}${showValue(prop, v)}`);
  }
  if (e.names && e.names.length > 0) {
    lines.push('  documented names:');
    for (const n of e.names) {
      const parts = n.parts.map((p) => `${p.type}=${p.value}`).join(', ');
      lines.push(`    [${n.kind}, ${n.script}] ${n.full}${parts ? `  (${parts})` : ''}`);
    }
  }
  if (wallets.length > 0) {
    lines.push(`  crypto wallets (${wallets.length}):`);
    for (const w of wallets) lines.push(`    ${w.properties.currency?.[0] ?? '?'} ${w.properties.publicKey?.[0] ?? w.caption}`);
  }
  return lines.join('\n');
}

function ageDays(iso: string | null): string {
  if (!iso) return '';
  const days = Math.floor((Date.now() - Date.parse(iso)) / 86_400_000);
  return Number.isFinite(days) ? `${days} d` : '';
}

/** A publication date for people: the date, or "unknown" when neither the file nor its download stated one. */
export function publishedText(v: Pick<ListVersion, 'publishedAt'>): string {
  return v.publishedAt ?? 'unknown';
}

export function renderStatus(current: ListVersion[], all: ListVersion[]): string {
  if (current.length === 0) return 'No list imported yet. Run `vigil lists update` or `vigil lists import`.';
  const rows = [['dataset', 'version', 'published', 'age', 'entities', 'coverage', 'format', 'imported at', 'versions']];
  for (const v of current) {
    rows.push([
      v.dataset,
      String(v.id),
      publishedText(v),
      ageDays(v.publishedAt),
      String(v.entityCount),
      v.partial ? 'PARTIAL' : 'full',
      v.format,
      v.importedAt.replace(/\.\d+Z$/, 'Z'),
      String(all.filter((x) => x.dataset === v.dataset).length),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  const partial = current.filter((v) => v.partial);
  if (partial.length > 0) {
    lines.push('', 'Not the whole list (imported with --allow-partial):');
    for (const v of partial) lines.push(`  ${v.dataset}: PARTIAL: ${v.partial}`);
  }
  return lines.join('\n');
}

export function renderDiff(d: VersionDiff, limit: number): string {
  const lines = [
    `${d.dataset}: version ${d.from.id} (published ${d.from.publishedAt ?? '?'}) -> version ${d.to.id} (published ${d.to.publishedAt ?? '?'})`,
    `  ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`,
  ];
  const section = (title: string, mark: string, items: { id: string; schema: string; caption: string; program?: string[] }[]) => {
    if (items.length === 0) return;
    lines.push('', `${title}:`);
    for (const e of items.slice(0, limit)) {
      lines.push(`  ${mark} ${e.caption}  [${e.schema} ${e.id}]${e.program ? `  ${e.program.join(', ')}` : ''}`);
    }
    if (items.length > limit) lines.push(`  ... and ${items.length - limit} more (use --limit or --json)`);
  };
  section('Added', '+', d.added);
  section('Removed', '-', d.removed);
  if (d.changed.length > 0) {
    lines.push('', 'Changed:');
    for (const c of d.changed.slice(0, limit)) {
      lines.push(`  ~ ${c.caption}  [${c.schema} ${c.id}]`);
      for (const ch of c.changes) {
        const show = (vs: string[]) => (vs.length > 5 ? `${vs.slice(0, 5).join('; ')}; ... (${vs.length} in all)` : vs.join('; '));
        if (ch.added.length > 0) lines.push(`      ${ch.property} +${ch.added.length}: ${show(ch.added)}`);
        if (ch.removed.length > 0) lines.push(`      ${ch.property} -${ch.removed.length}: ${show(ch.removed)}`);
      }
    }
    if (d.changed.length > limit) lines.push(`  ... and ${d.changed.length - limit} more (use --limit or --json)`);
  }
  return lines.join('\n');
}

export function renderScreenResults(
  query: { schema: string; properties: Record<string, string[]> },
  results: ScreenResult[],
  listed: (Entity | undefined)[],
  threshold: number,
  notes: string[] = [],
): string {
  const q = Object.entries(query.properties).map(([k, v]) => `${k}=${v.join('|')}`).join(', ');
  const said = notes.map((n) => `note: ${n}`);
  if (results.length === 0) return [...said, `No listed party resembles ${query.schema} ${q}.`].join('\n');
  const lines = [`${query.schema} ${q} (threshold ${threshold.toFixed(2)})`, ...said, ''];
  results.forEach((r, i) => {
    const e = listed[i];
    lines.push(`${i + 1}. ${r.caption}  [${r.schema} ${r.id}]  score ${r.score.toFixed(3)}  ${r.match ? 'MATCH' : 'no match'}`);
    lines.push(`   ${r.explanation.summary}`);
    for (const h of r.explanation.identifiers) lines.push(`   ${h.kind}: ${h.query} = listed ${h.property} ${h.listed}${h.via !== r.id ? ` (${h.via})` : ''}`);
    const n = r.explanation.name;
    if (n) {
      const tokens = n.aligned.map((a) => (a.query === a.candidate ? `${a.query} (${a.how})` : `${a.query}~${a.candidate} (${a.how} ${a.similarity.toFixed(2)})`));
      lines.push(`   tokens: ${tokens.join(', ')}${n.unmatchedQuery.length ? `; unmatched in query: ${n.unmatchedQuery.join(' ')}` : ''}${n.unmatchedCandidate.length ? `; unmatched in listed name: ${n.unmatchedCandidate.join(' ')}` : ''}`);
      for (const p of n.penalties) lines.push(`   x${p.factor.toFixed(2)}: ${p.reason}`);
    }
    for (const f of r.explanation.features) lines.push(`   ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(2)} ${f.detail}`);
    if (e) {
      const facts = [
        e.properties.program?.length ? `programs ${e.properties.program.join(', ')}` : '',
        e.properties.birthDate?.length ? `born ${e.properties.birthDate.join(', ')}` : '',
        e.properties.authority?.length ? `listed by ${e.properties.authority.join(', ')}` : '',
      ].filter((x) => x !== '');
      if (facts.length) lines.push(`   ${facts.join('; ')}`);
    }
    lines.push('');
  });
  return lines.join('\n').trimEnd();
}
