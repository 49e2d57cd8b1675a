/**
 * Personal names by origin, for candidates. Reuses eval/lib/ordinary.ts (16 origins, Korean names
 * in both South-style RR and North-style MR) and adds the three origins the candidate countries
 * need that it lacks (Polish, Dutch, Brazilian Portuguese), written the same way.
 *
 * The fairness rule: operators and clean candidates draw their names through the same function,
 * from the same distribution of (country, origin), so a name's origin tells nothing about who is an
 * operator. `isKoreanOrigin` is only used by the evaluation to check that the system agrees.
 */
import anyAscii from 'any-ascii';
import { ordinaryNames } from '../../lib/ordinary.js';
import type { Rng } from '../../lib/prng.js';

const EXTRA: Record<string, { first: string[]; last: string[] }> = {
  Polish: {
    first: ['Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Jakub', 'Kamil', 'Łukasz', 'Mateusz', 'Bartosz', 'Anna', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Magdalena', 'Joanna', 'Aleksandra', 'Monika', 'Zofia', 'Natalia', 'Karolina', 'Wojciech'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski', 'Nowakowski', 'Pawłowski', 'Michalski', 'Zając', 'Król', 'Wieczorek'],
  },
  Dutch: {
    first: ['Daan', 'Sem', 'Lucas', 'Bram', 'Thijs', 'Jesse', 'Ruben', 'Joris', 'Sanne', 'Lotte', 'Fleur', 'Anouk', 'Femke', 'Eva', 'Iris', 'Maartje', 'Pieter', 'Jeroen', 'Wouter', 'Niels', 'Sven', 'Lieke'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra'],
  },
  Portuguese: {
    first: ['João', 'Pedro', 'Lucas', 'Gabriel', 'Matheus', 'Rafael', 'Gustavo', 'Felipe', 'Bruno', 'Thiago', 'Ana', 'Maria', 'Beatriz', 'Juliana', 'Fernanda', 'Camila', 'Larissa', 'Mariana', 'Letícia', 'Carolina', 'Vinícius', 'Leonardo'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias'],
  },
};

export interface NameBank {
  byOrigin: Map<string, string[]>;
}

/** A bank of distinct names per origin, built once per pool from its own random stream. */
export function nameBank(rng: Rng): NameBank {
  const byOrigin = new Map<string, string[]>();
  for (const n of ordinaryNames(rng.fork('ordinary'), 400, 300, 0)) {
    if (n.schema !== 'Person') continue;
    const list = byOrigin.get(n.origin) ?? [];
    list.push(n.text);
    byOrigin.set(n.origin, list);
  }
  const extra = rng.fork('extra');
  for (const [origin, parts] of Object.entries(EXTRA)) {
    const seen = new Set<string>();
    for (let i = 0; i < 4000 && seen.size < 400; i++) {
      const first = extra.chance(0.15) && origin === 'Portuguese' ? `${extra.pick(parts.first)} ${extra.pick(parts.first)}` : extra.pick(parts.first);
      const last = origin === 'Portuguese' && extra.chance(0.5) ? `${extra.pick(parts.last)} ${extra.pick(parts.last)}` : extra.pick(parts.last);
      seen.add(`${first} ${last}`);
    }
    byOrigin.set(origin, [...seen]);
  }
  return { byOrigin };
}

export function pickName(rng: Rng, bank: NameBank, origin: string): string {
  const list = bank.byOrigin.get(origin);
  if (!list || list.length === 0) throw new Error(`no names of origin ${origin}`);
  return rng.pick(list);
}

export function isKoreanOrigin(origin: string): boolean {
  return origin.startsWith('Korean');
}

/** Origins written family name first in the name bank (most of the time). */
const FAMILY_FIRST = new Set(['Chinese', 'Vietnamese', 'Korean (MR, North-style)']);

/** Best-effort split into given names and family name, for e-mail handles and spouses' surnames. */
export function splitName(name: string, origin: string): { given: string; family: string } {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length === 1) return { given: words[0]!, family: words[0]! };
  if (origin === 'Japanese' && words[0] === words[0]!.toUpperCase()) return { given: words.slice(1).join(' '), family: words[0]! };
  if (origin === 'Korean (RR, South)') {
    // "Kim Min-jun" or "Min-jun Kim": the hyphenated word is the given name.
    const given = words.find((w) => w.includes('-')) ?? words[1]!;
    return { given, family: words.find((w) => w !== given) ?? words[0]! };
  }
  if (FAMILY_FIRST.has(origin)) return { given: words.slice(1).join(' '), family: words[0]! };
  if (origin === 'Russian' && /(ovich|evich|ovna|evna)$/.test(words[words.length - 1]!)) return { given: words[1]!, family: words[0]! };
  if (origin === 'Dutch') {
    const i = words.findIndex((w, k) => k > 0 && /^(de|van|den|der)$/.test(w));
    if (i > 0) return { given: words.slice(0, i).join(' '), family: words.slice(i).join(' ') };
  }
  return { given: words.slice(0, -1).join(' '), family: words[words.length - 1]! };
}

/** Lower-case ASCII letters only, for handles: "Müller-Lüdenscheidt" -> "mullerludenscheidt". */
export function handlePart(s: string): string {
  return anyAscii(s).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Western origins where a spouse often takes the partner's family name. */
export const SHARES_SURNAME = new Set(['English', 'German', 'French', 'Polish', 'Dutch', 'Portuguese', 'Spanish / Latin American', 'Russian', 'Ukrainian', 'Indian', 'Nigerian', 'Turkish', 'Japanese']);

