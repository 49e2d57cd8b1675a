/**
 * The world the candidate pool lives in: the countries candidates claim to live in, their cities
 * and time zones, how addresses are written there, which name origins are common there, local
 * e-mail providers, banks, universities and employers. Hand-written, invented where it names a
 * person or a small firm; universities and a few very large employers are real, as they appear in
 * any real applicant pool.
 */
import type { Rng } from '../../lib/prng.js';

export interface City {
  name: string;
  tz: string;
  /** State / province / prefecture, where addresses carry one. */
  region?: string;
  /** A postal code in this city. */
  postal: (rng: Rng) => string;
}

export interface Country {
  code: string;
  name: string;
  /** Relative share of candidates claiming to live here. */
  weight: number;
  cities: City[];
  /** Name origins (eval/lib/ordinary.ts origins plus the few added in people.ts) and their weights. */
  origins: [string, number][];
  /** Local e-mail providers, besides the global ones. */
  mail: string[];
  /** IBAN-country code when accounts here are IBANs. */
  iban?: string;
  banks: string[];
  universities: string[];
  /** Legal-form suffix of small local firms. */
  forms: string[];
  /** House number, street and unit of a random address here (written by `writeAddress`). */
  street: (rng: Rng) => StreetParts;
}

export interface StreetParts {
  number: string;
  name: string;
  /** Street type in full and abbreviated ("Street"/"St", "Straße"/"Str."), '' when none. */
  type: [string, string];
  unit?: string;
}

const d = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
const L = (rng: Rng, n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + rng.int(26))).join('');
const range = (lo: number, hi: number) => (rng: Rng) => String(rng.range(lo, hi));
const pad = (lo: number, hi: number, w: number) => (rng: Rng) => String(rng.range(lo, hi)).padStart(w, '0');

/** Abbreviations and case of style 1 / 2 over a canonical line. */
function restyle(line: string, style: number, abbreviations: [RegExp, string][] = []): string {
  if (style === 0) return line;
  let s = line;
  for (const [re, short] of abbreviations) s = s.replace(re, short);
  if (style === 2) s = s.replace(/[.,]/g, '').replace(/\s+/g, ' ').toUpperCase();
  return s;
}

const EN_TYPES: [string, string][] = [
  ['Street', 'St'],
  ['Avenue', 'Ave'],
  ['Road', 'Rd'],
  ['Drive', 'Dr'],
  ['Lane', 'Ln'],
  ['Court', 'Ct'],
  ['Boulevard', 'Blvd'],
  ['Place', 'Pl'],
  ['Way', 'Way'],
];
const EN_STREETS = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Willow', 'Lakeview', 'Hillcrest', 'Sunset', 'Park', 'Washington', 'Lincoln', 'Jefferson', 'Highland', 'Riverside', 'Meadow', 'Forest', 'Spring', 'Chestnut', 'Walnut', 'Birch', 'Magnolia', 'Franklin', 'Madison', 'Valley', 'Ridge', 'Church', 'Mill', 'Station', 'Victoria', 'King', 'Queen', 'Albert', 'Mountain', 'Harbor', 'Bay', 'Orchard', 'Prospect', 'Union', 'Grove'];

function enStreet(rng: Rng, unitChance: number): StreetParts {
  const type = rng.pick(EN_TYPES);
  const name = rng.chance(0.25) ? `${rng.pick(EN_STREETS)} ${rng.pick(['Ridge', 'Creek', 'Hill', 'Park', 'Glen'])}` : rng.pick(EN_STREETS);
  const unit = rng.chance(unitChance) ? (rng.chance(0.5) ? `${rng.range(1, 30)}${rng.pick(['', 'A', 'B', 'C'])}` : `${rng.range(1, 22)}${String(rng.range(1, 12)).padStart(2, '0')}`) : undefined;
  return { number: String(rng.range(1, 9899)), name, type, unit };
}

function enLine(s: StreetParts, style: number, unitWord: 'Apt' | 'Unit' | 'Flat'): string {
  const type = style === 0 ? s.type[0] : s.type[1];
  const unit = s.unit ? (style === 0 ? `, ${unitWord} ${s.unit}` : style === 1 ? ` #${s.unit}` : ` ${unitWord.toUpperCase()} ${s.unit}`) : '';
  return `${s.number} ${s.name} ${type}${unit}`;
}

const US_CITY = (name: string, region: string, tz: string, zipLo: number, zipHi: number): City => ({ name, tz, region, postal: pad(zipLo, zipHi, 5) });
const UK_POSTAL = (area: string) => (rng: Rng) => `${area}${rng.range(1, 20)} ${rng.range(1, 9)}${L(rng, 2)}`;

const DE_STREETS = ['Haupt', 'Bahnhof', 'Garten', 'Schul', 'Berg', 'Linden', 'Wald', 'Kirch', 'Ring', 'Mühlen', 'Rosen', 'Birken', 'Eichen', 'Friedrich', 'Goethe', 'Schiller', 'Mozart', 'Sonnen', 'Wiesen', 'Feld'];
const FR_STREETS = ['de la République', 'Victor Hugo', 'des Lilas', 'du Moulin', 'Pasteur', 'Jean Jaurès', 'de la Gare', 'des Écoles', 'Voltaire', 'de Paris', 'du Château', 'Gambetta', 'Émile Zola', 'des Acacias'];
const ES_STREETS = ['Mayor', 'del Sol', 'de la Paz', 'Real', 'San Juan', 'de Alcalá', 'Gran Vía', 'del Carmen', 'de Valencia', 'Nueva', 'de la Constitución', 'de Goya', 'Serrano', 'del Pilar'];
const NL_STREETS = ['Kerkstraat', 'Dorpsstraat', 'Schoolstraat', 'Molenweg', 'Stationsweg', 'Julianastraat', 'Beatrixlaan', 'Wilhelminastraat', 'Prinsengracht', 'Keizersgracht', 'Lindelaan', 'Parkweg'];
const PL_STREETS = ['Polna', 'Leśna', 'Słoneczna', 'Krótka', 'Szkolna', 'Ogrodowa', 'Lipowa', 'Kwiatowa', 'Mickiewicza', 'Kościuszki', 'Marszałkowska', 'Długa', 'Piękna', 'Wolska'];
const UA_STREETS = ['Shevchenka', 'Khreshchatyk', 'Franka', 'Lesi Ukrainky', 'Sadova', 'Zelena', 'Hrushevskoho', 'Bandery', 'Peremohy', 'Soborna', 'Naukova', 'Chornovola'];
const JP_WARDS: Record<string, string[]> = { Tokyo: ['Shibuya-ku', 'Setagaya-ku', 'Minato-ku', 'Meguro-ku', 'Nakano-ku', 'Koto-ku'], Osaka: ['Kita-ku', 'Chuo-ku', 'Naniwa-ku', 'Tennoji-ku'], Fukuoka: ['Hakata-ku', 'Chuo-ku', 'Sawara-ku'] };
const KR_ROADS = ['Teheran', 'Gangnam-daero', 'Sejong-daero', 'Olympic', 'Hakdong', 'Dosan-daero', 'Jungang', 'Haeundae', 'Dongil', 'Yeongdong-daero', 'Bongeunsa', 'Nonhyeon'];
const KR_DISTRICTS: Record<string, string[]> = { Seoul: ['Gangnam-gu', 'Mapo-gu', 'Songpa-gu', 'Seocho-gu', 'Gwanak-gu'], Busan: ['Haeundae-gu', 'Busanjin-gu', 'Suyeong-gu'], Incheon: ['Yeonsu-gu', 'Namdong-gu'], Daejeon: ['Yuseong-gu', 'Seo-gu'] };
const IN_AREAS: Record<string, string[]> = { Bengaluru: ['Koramangala', 'Indiranagar', 'HSR Layout', 'Whitefield', 'Jayanagar'], Pune: ['Kothrud', 'Baner', 'Hinjewadi', 'Viman Nagar'], Hyderabad: ['Gachibowli', 'Madhapur', 'Kondapur', 'Banjara Hills'], Chennai: ['Adyar', 'Velachery', 'T. Nagar', 'Anna Nagar'] };

const localLine = (s: StreetParts) => [s.number, s.name, s.unit].filter(Boolean).join(' ');

export const COUNTRIES: Country[] = [
  {
    code: 'US',
    name: 'United States',
    weight: 27,
    cities: [
      US_CITY('New York', 'NY', 'America/New_York', 10001, 10282),
      US_CITY('Brooklyn', 'NY', 'America/New_York', 11201, 11239),
      US_CITY('Austin', 'TX', 'America/Chicago', 78701, 78759),
      US_CITY('Dallas', 'TX', 'America/Chicago', 75201, 75252),
      US_CITY('Seattle', 'WA', 'America/Los_Angeles', 98101, 98199),
      US_CITY('San Francisco', 'CA', 'America/Los_Angeles', 94102, 94134),
      US_CITY('San Diego', 'CA', 'America/Los_Angeles', 92101, 92140),
      US_CITY('Chicago', 'IL', 'America/Chicago', 60601, 60661),
      US_CITY('Denver', 'CO', 'America/Denver', 80202, 80239),
      US_CITY('Atlanta', 'GA', 'America/New_York', 30303, 30363),
      US_CITY('Boston', 'MA', 'America/New_York', 2108, 2137),
      US_CITY('Phoenix', 'AZ', 'America/Phoenix', 85003, 85054),
      US_CITY('Miami', 'FL', 'America/New_York', 33125, 33199),
      US_CITY('Nashville', 'TN', 'America/Chicago', 37201, 37250),
      US_CITY('Raleigh', 'NC', 'America/New_York', 27601, 27617),
      US_CITY('Columbus', 'OH', 'America/New_York', 43201, 43235),
      US_CITY('Portland', 'OR', 'America/Los_Angeles', 97201, 97239),
      US_CITY('Minneapolis', 'MN', 'America/Chicago', 55401, 55488),
    ],
    origins: [['English', 52], ['Spanish / Latin American', 12], ['Indian', 9], ['Chinese', 7], ['Korean (RR, South)', 4], ['Korean (MR, North-style)', 0.6], ['Vietnamese', 3], ['Nigerian', 3], ['Arabic', 2], ['Russian', 2], ['German', 2], ['Persian', 1.5], ['Japanese', 1], ['Ukrainian', 1], ['French', 1], ['Polish', 1]],
    mail: ['yahoo.com', 'aol.com', 'comcast.net'],
    banks: ['Chase', 'Bank of America', 'Wells Fargo', 'Citibank', 'Capital One', 'US Bank', 'PNC', 'TD Bank', 'Ally Bank', 'Navy Federal Credit Union'],
    universities: ['University of Texas at Austin', 'Georgia Institute of Technology', 'University of Washington', 'Arizona State University', 'University of Illinois Urbana-Champaign', 'Purdue University', 'Rutgers University', 'University of Florida', 'Boston University', 'Ohio State University', 'University of Minnesota', 'Portland State University', 'San Diego State University', 'North Carolina State University'],
    forms: ['Inc.', 'LLC', 'Inc.', 'Corp.'],
    street: (rng) => enStreet(rng, 0.35),
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    weight: 6,
    cities: [
      { name: 'London', tz: 'Europe/London', postal: UK_POSTAL('SE') },
      { name: 'London', tz: 'Europe/London', postal: UK_POSTAL('N') },
      { name: 'Manchester', tz: 'Europe/London', postal: UK_POSTAL('M') },
      { name: 'Edinburgh', tz: 'Europe/London', postal: UK_POSTAL('EH') },
      { name: 'Bristol', tz: 'Europe/London', postal: UK_POSTAL('BS') },
      { name: 'Leeds', tz: 'Europe/London', postal: UK_POSTAL('LS') },
    ],
    origins: [['English', 66], ['Indian', 10], ['Arabic', 3], ['Nigerian', 4], ['Chinese', 3], ['Polish', 4], ['French', 2], ['Spanish / Latin American', 2], ['Korean (RR, South)', 1.5], ['Turkish', 1.5], ['German', 1], ['Ukrainian', 1], ['Persian', 1]],
    mail: ['btinternet.com', 'yahoo.co.uk', 'sky.com'],
    iban: 'GB',
    banks: ['Barclays', 'HSBC UK', 'Lloyds Bank', 'NatWest', 'Monzo', 'Starling Bank', 'Santander UK', 'Nationwide'],
    universities: ['University of Manchester', 'University of Edinburgh', 'University of Bristol', 'University of Leeds', "King's College London", 'University of Warwick', 'Imperial College London'],
    forms: ['Ltd', 'Limited', 'Ltd'],
    street: (rng) => enStreet(rng, 0.25),
  },
  {
    code: 'CA',
    name: 'Canada',
    weight: 6,
    cities: [
      { name: 'Toronto', region: 'ON', tz: 'America/Toronto', postal: (rng) => `M${rng.range(1, 9)}${L(rng, 1)} ${rng.range(1, 9)}${L(rng, 1)}${rng.range(1, 9)}` },
      { name: 'Vancouver', region: 'BC', tz: 'America/Vancouver', postal: (rng) => `V${rng.range(5, 6)}${L(rng, 1)} ${rng.range(1, 9)}${L(rng, 1)}${rng.range(1, 9)}` },
      { name: 'Montreal', region: 'QC', tz: 'America/Toronto', postal: (rng) => `H${rng.range(1, 4)}${L(rng, 1)} ${rng.range(1, 9)}${L(rng, 1)}${rng.range(1, 9)}` },
      { name: 'Calgary', region: 'AB', tz: 'America/Edmonton', postal: (rng) => `T${rng.range(2, 3)}${L(rng, 1)} ${rng.range(1, 9)}${L(rng, 1)}${rng.range(1, 9)}` },
      { name: 'Ottawa', region: 'ON', tz: 'America/Toronto', postal: (rng) => `K${rng.range(1, 2)}${L(rng, 1)} ${rng.range(1, 9)}${L(rng, 1)}${rng.range(1, 9)}` },
    ],
    origins: [['English', 50], ['French', 10], ['Chinese', 9], ['Indian', 10], ['Korean (RR, South)', 4], ['Korean (MR, North-style)', 0.5], ['Persian', 3], ['Arabic', 3], ['Ukrainian', 3], ['Vietnamese', 2], ['Spanish / Latin American', 3], ['Nigerian', 2]],
    mail: ['rogers.com', 'shaw.ca', 'sympatico.ca'],
    banks: ['RBC Royal Bank', 'TD Canada Trust', 'Scotiabank', 'BMO', 'CIBC', 'Desjardins', 'Tangerine'],
    universities: ['University of Toronto', 'University of Waterloo', 'University of British Columbia', 'McGill University', 'University of Calgary', 'Carleton University'],
    forms: ['Inc.', 'Ltd.', 'Corp.'],
    street: (rng) => enStreet(rng, 0.3),
  },
  {
    code: 'DE',
    name: 'Germany',
    weight: 5,
    cities: [
      { name: 'Berlin', tz: 'Europe/Berlin', postal: pad(10115, 14199, 5) },
      { name: 'München', tz: 'Europe/Berlin', postal: pad(80331, 81929, 5) },
      { name: 'Hamburg', tz: 'Europe/Berlin', postal: pad(20095, 22769, 5) },
      { name: 'Köln', tz: 'Europe/Berlin', postal: pad(50667, 51149, 5) },
      { name: 'Frankfurt am Main', tz: 'Europe/Berlin', postal: pad(60306, 65936, 5) },
      { name: 'Leipzig', tz: 'Europe/Berlin', postal: pad(4103, 4357, 5) },
    ],
    origins: [['German', 70], ['Turkish', 8], ['Russian', 4], ['Polish', 4], ['Arabic', 3], ['Ukrainian', 3], ['English', 2], ['Indian', 2], ['Persian', 1.5], ['Vietnamese', 1.5], ['Chinese', 1.5], ['Korean (RR, South)', 1]],
    mail: ['web.de', 'gmx.de', 't-online.de', 'posteo.de'],
    iban: 'DE',
    banks: ['Deutsche Bank', 'Commerzbank', 'Sparkasse', 'N26', 'DKB', 'ING Deutschland', 'Volksbank', 'Postbank'],
    universities: ['Technische Universität München', 'Humboldt-Universität zu Berlin', 'Universität Hamburg', 'RWTH Aachen', 'Karlsruher Institut für Technologie', 'TU Berlin', 'Universität Leipzig'],
    forms: ['GmbH', 'GmbH', 'UG (haftungsbeschränkt)', 'AG'],
    street: (rng) => ({ number: `${rng.range(1, 180)}${rng.chance(0.1) ? rng.pick(['a', 'b']) : ''}`, name: rng.pick(DE_STREETS), type: rng.pick([['straße', 'str.'], ['weg', 'weg'], ['allee', 'allee'], ['platz', 'pl.']] as [string, string][]) }),
  },
  {
    code: 'FR',
    name: 'France',
    weight: 3,
    cities: [
      { name: 'Paris', tz: 'Europe/Paris', postal: (rng) => `750${String(rng.range(1, 20)).padStart(2, '0')}` },
      { name: 'Lyon', tz: 'Europe/Paris', postal: (rng) => `6900${rng.range(1, 9)}` },
      { name: 'Toulouse', tz: 'Europe/Paris', postal: (rng) => `310${rng.pick(['00', '200', '300', '400', '500']).slice(-2)}` },
      { name: 'Nantes', tz: 'Europe/Paris', postal: (rng) => `44${rng.range(0, 3)}00` },
    ],
    origins: [['French', 72], ['Arabic', 10], ['Spanish / Latin American', 3], ['English', 2], ['Vietnamese', 3], ['Nigerian', 2], ['Chinese', 2], ['Turkish', 2], ['Korean (RR, South)', 1], ['German', 1], ['Russian', 1]],
    mail: ['orange.fr', 'free.fr', 'laposte.net', 'sfr.fr'],
    iban: 'FR',
    banks: ['BNP Paribas', 'Société Générale', 'Crédit Agricole', 'LCL', 'Boursorama', 'Crédit Mutuel', 'La Banque Postale'],
    universities: ['Université Paris-Saclay', 'INSA Lyon', 'Université de Toulouse', 'École Polytechnique', 'EPITA', 'Sorbonne Université', 'Université de Nantes'],
    forms: ['SAS', 'SARL', 'SA'],
    street: (rng) => ({ number: `${rng.range(1, 140)}${rng.chance(0.08) ? ' bis' : ''}`, name: rng.pick(FR_STREETS), type: rng.pick([['rue', 'r.'], ['avenue', 'av.'], ['boulevard', 'bd'], ['allée', 'all.']] as [string, string][]) }),
  },
  {
    code: 'ES',
    name: 'Spain',
    weight: 3,
    cities: [
      { name: 'Madrid', tz: 'Europe/Madrid', postal: pad(28001, 28055, 5) },
      { name: 'Barcelona', tz: 'Europe/Madrid', postal: pad(8001, 8042, 5) },
      { name: 'Valencia', tz: 'Europe/Madrid', postal: pad(46001, 46026, 5) },
      { name: 'Sevilla', tz: 'Europe/Madrid', postal: pad(41001, 41020, 5) },
      { name: 'Málaga', tz: 'Europe/Madrid', postal: pad(29001, 29018, 5) },
    ],
    origins: [['Spanish / Latin American', 85], ['Arabic', 4], ['English', 2], ['Chinese', 2], ['French', 1.5], ['German', 1], ['Ukrainian', 1.5], ['Russian', 1], ['Korean (RR, South)', 0.7], ['Nigerian', 1]],
    mail: ['hotmail.es', 'telefonica.net', 'yahoo.es'],
    iban: 'ES',
    banks: ['Santander', 'BBVA', 'CaixaBank', 'Banco Sabadell', 'Bankinter', 'ING España', 'Openbank'],
    universities: ['Universidad Politécnica de Madrid', 'Universitat de Barcelona', 'Universitat Politècnica de València', 'Universidad de Sevilla', 'Universidad Complutense de Madrid', 'Universidad de Málaga'],
    forms: ['S.L.', 'S.A.', 'S.L.U.'],
    street: (rng) => ({ number: String(rng.range(1, 160)), name: rng.pick(ES_STREETS), type: rng.pick([['Calle', 'C/'], ['Avenida', 'Avda.'], ['Paseo', 'Pº'], ['Plaza', 'Pza.']] as [string, string][]), unit: rng.chance(0.7) ? `${rng.range(1, 9)}º ${rng.pick(['A', 'B', 'C', 'D', 'izq.', 'dcha.'])}` : undefined }),
  },
  {
    code: 'NL',
    name: 'Netherlands',
    weight: 2,
    cities: [
      { name: 'Amsterdam', tz: 'Europe/Amsterdam', postal: (rng) => `10${rng.range(11, 99)} ${L(rng, 2)}` },
      { name: 'Rotterdam', tz: 'Europe/Amsterdam', postal: (rng) => `30${rng.range(11, 89)} ${L(rng, 2)}` },
      { name: 'Utrecht', tz: 'Europe/Amsterdam', postal: (rng) => `35${rng.range(11, 85)} ${L(rng, 2)}` },
      { name: 'Eindhoven', tz: 'Europe/Amsterdam', postal: (rng) => `56${rng.range(11, 58)} ${L(rng, 2)}` },
    ],
    origins: [['Dutch', 70], ['Turkish', 5], ['Arabic', 5], ['Indian', 4], ['English', 4], ['German', 3], ['Polish', 3], ['Chinese', 2], ['Ukrainian', 2], ['Korean (RR, South)', 1], ['Indonesian / Malay', 2]],
    mail: ['ziggo.nl', 'kpnmail.nl', 'hotmail.nl'],
    iban: 'NL',
    banks: ['ING', 'ABN AMRO', 'Rabobank', 'bunq', 'Triodos Bank', 'Knab', 'ASN Bank'],
    universities: ['TU Delft', 'University of Amsterdam', 'Eindhoven University of Technology', 'Utrecht University', 'Vrije Universiteit Amsterdam'],
    forms: ['B.V.', 'B.V.', 'N.V.'],
    street: (rng) => ({ number: `${rng.range(1, 250)}${rng.chance(0.2) ? `-${rng.pick(['1', '2', '3', 'hs', 'A', 'B'])}` : ''}`, name: rng.pick(NL_STREETS), type: ['', ''] }),
  },
  {
    code: 'PL',
    name: 'Poland',
    weight: 4,
    cities: [
      { name: 'Warszawa', tz: 'Europe/Warsaw', postal: (rng) => `0${rng.range(0, 4)}-${d(rng, 3)}` },
      { name: 'Kraków', tz: 'Europe/Warsaw', postal: (rng) => `3${rng.range(0, 1)}-${d(rng, 3)}` },
      { name: 'Wrocław', tz: 'Europe/Warsaw', postal: (rng) => `5${rng.range(0, 4)}-${d(rng, 3)}` },
      { name: 'Gdańsk', tz: 'Europe/Warsaw', postal: (rng) => `80-${d(rng, 3)}` },
      { name: 'Poznań', tz: 'Europe/Warsaw', postal: (rng) => `6${rng.range(0, 1)}-${d(rng, 3)}` },
    ],
    origins: [['Polish', 88], ['Ukrainian', 6], ['Russian', 1.5], ['English', 1], ['German', 1], ['Vietnamese', 1], ['Indian', 1], ['Korean (RR, South)', 0.5]],
    mail: ['wp.pl', 'onet.pl', 'interia.pl', 'o2.pl'],
    iban: 'PL',
    banks: ['PKO Bank Polski', 'mBank', 'ING Bank Śląski', 'Santander Bank Polska', 'Pekao', 'Millennium'],
    universities: ['Politechnika Warszawska', 'AGH Akademia Górniczo-Hutnicza', 'Politechnika Wrocławska', 'Politechnika Gdańska', 'Uniwersytet Jagielloński'],
    forms: ['sp. z o.o.', 'sp. z o.o.', 'S.A.'],
    street: (rng) => ({ number: `${rng.range(1, 120)}${rng.chance(0.6) ? `/${rng.range(1, 80)}` : ''}`, name: rng.pick(PL_STREETS), type: rng.pick([['ulica', 'ul.'], ['aleja', 'al.']] as [string, string][]) }),
  },
  {
    code: 'UA',
    name: 'Ukraine',
    weight: 5,
    cities: [
      { name: 'Kyiv', tz: 'Europe/Kyiv', postal: (rng) => `0${rng.range(1000, 4999)}` },
      { name: 'Lviv', tz: 'Europe/Kyiv', postal: (rng) => `79${d(rng, 3)}` },
      { name: 'Kharkiv', tz: 'Europe/Kyiv', postal: (rng) => `61${d(rng, 3)}` },
      { name: 'Odesa', tz: 'Europe/Kyiv', postal: (rng) => `65${d(rng, 3)}` },
      { name: 'Dnipro', tz: 'Europe/Kyiv', postal: (rng) => `49${d(rng, 3)}` },
    ],
    origins: [['Ukrainian', 78], ['Russian', 15], ['Polish', 1], ['Korean (MR, North-style)', 0.5], ['English', 0.5], ['Arabic', 1], ['Turkish', 1], ['Korean (RR, South)', 0.5]],
    mail: ['ukr.net', 'i.ua', 'meta.ua'],
    iban: 'UA',
    banks: ['PrivatBank', 'Monobank', 'Oschadbank', 'Raiffeisen Bank Ukraine', 'PUMB', 'A-Bank'],
    universities: ['Igor Sikorsky Kyiv Polytechnic Institute', 'Lviv Polytechnic National University', 'Kharkiv National University of Radio Electronics', 'Taras Shevchenko National University of Kyiv', 'Odesa Polytechnic National University'],
    forms: ['LLC', 'TOV', 'LLC'],
    street: (rng) => ({ number: `${rng.range(1, 140)}`, name: rng.pick(UA_STREETS), type: rng.pick([['vulytsia', 'vul.'], ['prospekt', 'prosp.'], ['bulvar', 'bulv.']] as [string, string][]), unit: rng.chance(0.7) ? `kv. ${rng.range(1, 220)}` : undefined }),
  },
  {
    code: 'JP',
    name: 'Japan',
    weight: 4,
    cities: [
      { name: 'Tokyo', tz: 'Asia/Tokyo', postal: (rng) => `1${rng.range(0, 9)}${rng.range(0, 9)}-${d(rng, 4)}` },
      { name: 'Osaka', tz: 'Asia/Tokyo', postal: (rng) => `5${rng.range(3, 5)}${rng.range(0, 9)}-${d(rng, 4)}` },
      { name: 'Fukuoka', tz: 'Asia/Tokyo', postal: (rng) => `81${rng.range(0, 9)}-${d(rng, 4)}` },
    ],
    origins: [['Japanese', 92], ['Korean (RR, South)', 3], ['Korean (MR, North-style)', 0.7], ['Chinese', 2.5], ['English', 1], ['Vietnamese', 1]],
    mail: ['yahoo.co.jp', 'docomo.ne.jp', 'nifty.com'],
    banks: ['MUFG Bank', 'Mizuho Bank', 'SMBC', 'Rakuten Bank', 'Japan Post Bank', 'Resona Bank', 'PayPay Bank'],
    universities: ['University of Tokyo', 'Osaka University', 'Kyushu University', 'Tokyo Institute of Technology', 'Waseda University', 'Keio University'],
    forms: ['K.K.', 'Co., Ltd.', 'Inc.'],
    street: (rng) => ({ number: `${rng.range(1, 6)}-${rng.range(1, 30)}-${rng.range(1, 20)}`, name: '', type: ['', ''], unit: rng.chance(0.6) ? `${rng.pick(['Sunny', 'Grand', 'Park', 'Maison', 'Lions', 'Belle'])} ${rng.pick(['Heights', 'Court', 'Mansion', 'Residence'])} ${rng.range(1, 12)}0${rng.range(1, 9)}` : undefined }),
  },
  {
    code: 'KR',
    name: 'South Korea',
    weight: 5,
    cities: [
      { name: 'Seoul', tz: 'Asia/Seoul', postal: pad(1000, 8899, 5) },
      { name: 'Busan', tz: 'Asia/Seoul', postal: pad(46000, 49599, 5) },
      { name: 'Incheon', tz: 'Asia/Seoul', postal: pad(21000, 23199, 5) },
      { name: 'Daejeon', tz: 'Asia/Seoul', postal: pad(34000, 35399, 5) },
    ],
    origins: [['Korean (RR, South)', 92], ['Korean (MR, North-style)', 3], ['Chinese', 2], ['English', 1], ['Vietnamese', 1], ['Japanese', 1]],
    mail: ['naver.com', 'daum.net', 'kakao.com', 'hanmail.net'],
    banks: ['KB Kookmin Bank', 'Shinhan Bank', 'Woori Bank', 'Hana Bank', 'NH NongHyup Bank', 'KakaoBank', 'Toss Bank', 'IBK Industrial Bank'],
    universities: ['Seoul National University', 'KAIST', 'Yonsei University', 'Korea University', 'Pusan National University', 'Hanyang University', 'Sungkyunkwan University', 'POSTECH'],
    forms: ['Co., Ltd.', 'Co., Ltd.', 'Inc.'],
    street: (rng) => ({ number: `${rng.range(1, 560)}${rng.chance(0.3) ? `-${rng.range(1, 30)}` : ''}`, name: rng.pick(KR_ROADS), type: rng.pick([['-ro', '-ro'], ['-gil', '-gil']] as [string, string][]), unit: rng.chance(0.6) ? `${rng.range(101, 120)}-dong ${rng.range(1, 25)}0${rng.range(1, 6)}-ho` : undefined }),
  },
  {
    code: 'SG',
    name: 'Singapore',
    weight: 2,
    cities: [{ name: 'Singapore', tz: 'Asia/Singapore', postal: (rng) => `${rng.range(10, 82)}${d(rng, 4)}` }],
    origins: [['Chinese', 70], ['Indonesian / Malay', 12], ['Indian', 9], ['English', 4], ['Korean (RR, South)', 2], ['Japanese', 1], ['Vietnamese', 1], ['Korean (MR, North-style)', 0.3]],
    mail: ['singnet.com.sg', 'yahoo.com.sg'],
    banks: ['DBS Bank', 'OCBC', 'UOB', 'Standard Chartered Singapore', 'POSB'],
    universities: ['National University of Singapore', 'Nanyang Technological University', 'Singapore Management University', 'Singapore University of Technology and Design'],
    forms: ['Pte. Ltd.', 'Pte Ltd'],
    street: (rng) => ({ number: `${rng.chance(0.6) ? 'Blk ' : ''}${rng.range(1, 999)}`, name: rng.pick(['Ang Mo Kio', 'Tampines', 'Bedok North', 'Jurong West', 'Clementi', 'Toa Payoh', 'Bukit Timah', 'Serangoon', 'Pasir Ris', 'Holland']), type: rng.pick([['Avenue 3', 'Ave 3'], ['Street 21', 'St 21'], ['Road', 'Rd'], ['Drive', 'Dr']] as [string, string][]), unit: `#${String(rng.range(2, 30)).padStart(2, '0')}-${rng.range(10, 250)}` }),
  },
  {
    code: 'IN',
    name: 'India',
    weight: 6,
    cities: [
      { name: 'Bengaluru', region: 'Karnataka', tz: 'Asia/Kolkata', postal: (rng) => `5600${String(rng.range(1, 99)).padStart(2, '0')}` },
      { name: 'Pune', region: 'Maharashtra', tz: 'Asia/Kolkata', postal: (rng) => `4110${String(rng.range(1, 62)).padStart(2, '0')}` },
      { name: 'Hyderabad', region: 'Telangana', tz: 'Asia/Kolkata', postal: (rng) => `5000${String(rng.range(1, 99)).padStart(2, '0')}` },
      { name: 'Chennai', region: 'Tamil Nadu', tz: 'Asia/Kolkata', postal: (rng) => `6000${String(rng.range(1, 99)).padStart(2, '0')}` },
    ],
    origins: [['Indian', 97], ['Arabic', 1], ['English', 1], ['Persian', 0.5], ['Korean (RR, South)', 0.3]],
    mail: ['rediffmail.com', 'yahoo.co.in'],
    banks: ['HDFC Bank', 'ICICI Bank', 'State Bank of India', 'Axis Bank', 'Kotak Mahindra Bank', 'Yes Bank'],
    universities: ['IIT Bombay', 'IIT Madras', 'BITS Pilani', 'Anna University', 'VIT Vellore', 'Savitribai Phule Pune University', 'IIIT Hyderabad', 'RV College of Engineering'],
    forms: ['Pvt. Ltd.', 'Private Limited', 'LLP'],
    street: (rng) => ({ number: `${rng.pick(['Flat', 'No.', 'House No.'])} ${rng.range(1, 999)}${rng.chance(0.4) ? `, ${rng.pick(['Sai', 'Sri', 'Green', 'Prestige', 'Lake'])} ${rng.pick(['Residency', 'Enclave', 'Apartments', 'Towers'])}` : ''}`, name: `${rng.range(1, 24)}th Cross`, type: ['', ''] }),
  },
  {
    code: 'VN',
    name: 'Vietnam',
    weight: 3,
    cities: [
      { name: 'Ho Chi Minh City', tz: 'Asia/Ho_Chi_Minh', postal: (rng) => `7${rng.range(0, 4)}${d(rng, 4)}` },
      { name: 'Hanoi', tz: 'Asia/Ho_Chi_Minh', postal: (rng) => `1${rng.range(0, 4)}${d(rng, 4)}` },
      { name: 'Da Nang', tz: 'Asia/Ho_Chi_Minh', postal: (rng) => `55${d(rng, 4)}` },
    ],
    origins: [['Vietnamese', 96], ['Chinese', 2], ['English', 1], ['Korean (RR, South)', 1]],
    mail: ['yahoo.com.vn'],
    banks: ['Vietcombank', 'Techcombank', 'VPBank', 'BIDV', 'MB Bank', 'ACB', 'TPBank'],
    universities: ['Hanoi University of Science and Technology', 'Vietnam National University', 'Ho Chi Minh City University of Technology', 'FPT University', 'Da Nang University of Technology'],
    forms: ['JSC', 'Co., Ltd.'],
    street: (rng) => ({ number: `${rng.range(1, 400)}${rng.chance(0.3) ? `/${rng.range(1, 40)}` : ''}`, name: rng.pick(['Nguyen Trai', 'Le Loi', 'Tran Hung Dao', 'Hai Ba Trung', 'Nguyen Hue', 'Vo Van Tan', 'Pham Van Dong', 'Dien Bien Phu', 'Cach Mang Thang Tam']), type: rng.pick([['Street', 'St.'], ['', '']] as [string, string][]), unit: `${rng.pick(['Ward', 'Phuong'])} ${rng.range(1, 15)}` }),
  },
  {
    code: 'ID',
    name: 'Indonesia',
    weight: 2,
    cities: [
      { name: 'Jakarta', tz: 'Asia/Jakarta', postal: (rng) => `1${rng.range(0, 4)}${d(rng, 3)}` },
      { name: 'Bandung', tz: 'Asia/Jakarta', postal: (rng) => `40${d(rng, 3)}` },
      { name: 'Surabaya', tz: 'Asia/Jakarta', postal: (rng) => `60${d(rng, 3)}` },
      { name: 'Yogyakarta', tz: 'Asia/Jakarta', postal: (rng) => `55${d(rng, 3)}` },
    ],
    origins: [['Indonesian / Malay', 92], ['Chinese', 6], ['Arabic', 1], ['Indian', 1]],
    mail: ['yahoo.co.id'],
    banks: ['Bank Central Asia', 'Bank Mandiri', 'Bank Rakyat Indonesia', 'BNI', 'CIMB Niaga', 'Jenius'],
    universities: ['Universitas Indonesia', 'Institut Teknologi Bandung', 'Institut Teknologi Sepuluh Nopember', 'Universitas Gadjah Mada', 'Binus University'],
    forms: ['PT', 'PT', 'CV'],
    street: (rng) => ({ number: `No. ${rng.range(1, 200)}`, name: rng.pick(['Sudirman', 'Thamrin', 'Gatot Subroto', 'Diponegoro', 'Merdeka', 'Asia Afrika', 'Pemuda', 'Kaliurang', 'Dago']), type: rng.pick([['Jalan', 'Jl.'], ['Jalan', 'Jln.']] as [string, string][]), unit: rng.chance(0.5) ? `RT ${String(rng.range(1, 12)).padStart(2, '0')}/RW ${String(rng.range(1, 9)).padStart(2, '0')}` : undefined }),
  },
  {
    code: 'NG',
    name: 'Nigeria',
    weight: 3,
    cities: [
      { name: 'Lagos', tz: 'Africa/Lagos', postal: (rng) => `10${rng.range(0, 2)}${d(rng, 3)}` },
      { name: 'Abuja', tz: 'Africa/Lagos', postal: (rng) => `900${d(rng, 3)}` },
      { name: 'Port Harcourt', tz: 'Africa/Lagos', postal: (rng) => `500${d(rng, 3)}` },
    ],
    origins: [['Nigerian', 94], ['English', 3], ['Arabic', 2], ['Indian', 1]],
    mail: ['yahoo.co.uk'],
    banks: ['Access Bank', 'GTBank', 'Zenith Bank', 'First Bank of Nigeria', 'UBA', 'Kuda', 'Opay'],
    universities: ['University of Lagos', 'Obafemi Awolowo University', 'Covenant University', 'University of Nigeria, Nsukka', 'University of Ibadan', 'Federal University of Technology Akure'],
    forms: ['Ltd', 'Limited'],
    street: (rng) => enStreet(rng, 0.15),
  },
  {
    code: 'BR',
    name: 'Brazil',
    weight: 3,
    cities: [
      { name: 'São Paulo', region: 'SP', tz: 'America/Sao_Paulo', postal: (rng) => `0${rng.range(1000, 5999)}-${d(rng, 3)}` },
      { name: 'Rio de Janeiro', region: 'RJ', tz: 'America/Sao_Paulo', postal: (rng) => `2${rng.range(0, 3)}${d(rng, 3)}-${d(rng, 3)}` },
      { name: 'Florianópolis', region: 'SC', tz: 'America/Sao_Paulo', postal: (rng) => `880${d(rng, 2)}-${d(rng, 3)}` },
      { name: 'Belo Horizonte', region: 'MG', tz: 'America/Sao_Paulo', postal: (rng) => `30${d(rng, 3)}-${d(rng, 3)}` },
    ],
    origins: [['Portuguese', 84], ['Spanish / Latin American', 5], ['Japanese', 3], ['Arabic', 3], ['German', 2], ['Korean (RR, South)', 1], ['English', 1], ['Chinese', 1]],
    mail: ['uol.com.br', 'bol.com.br', 'terra.com.br'],
    iban: 'BR',
    banks: ['Itaú Unibanco', 'Banco do Brasil', 'Bradesco', 'Nubank', 'Caixa Econômica Federal', 'Banco Inter', 'Santander Brasil'],
    universities: ['Universidade de São Paulo', 'UNICAMP', 'Universidade Federal do Rio de Janeiro', 'Universidade Federal de Santa Catarina', 'Universidade Federal de Minas Gerais'],
    forms: ['Ltda.', 'S.A.', 'Ltda.'],
    street: (rng) => ({ number: String(rng.range(1, 3000)), name: rng.pick(['Paulista', 'das Flores', 'Brasil', 'Santos Dumont', 'Tiradentes', 'Sete de Setembro', 'XV de Novembro', 'Atlântica', 'Rio Branco']), type: rng.pick([['Rua', 'R.'], ['Avenida', 'Av.']] as [string, string][]), unit: rng.chance(0.5) ? `apto ${rng.range(11, 190)}` : undefined }),
  },
  {
    code: 'MX',
    name: 'Mexico',
    weight: 3,
    cities: [
      { name: 'Ciudad de México', region: 'CDMX', tz: 'America/Mexico_City', postal: (rng) => `0${rng.range(1000, 9999)}` },
      { name: 'Guadalajara', region: 'Jal.', tz: 'America/Mexico_City', postal: (rng) => `44${d(rng, 3)}` },
      { name: 'Monterrey', region: 'N.L.', tz: 'America/Monterrey', postal: (rng) => `64${d(rng, 3)}` },
    ],
    origins: [['Spanish / Latin American', 95], ['English', 1.5], ['Arabic', 1], ['Korean (RR, South)', 0.5], ['Chinese', 1], ['German', 1]],
    mail: ['hotmail.com', 'prodigy.net.mx'],
    banks: ['BBVA México', 'Banorte', 'Santander México', 'Citibanamex', 'HSBC México', 'Nu México'],
    universities: ['UNAM', 'Tecnológico de Monterrey', 'Universidad de Guadalajara', 'Instituto Politécnico Nacional', 'ITAM'],
    forms: ['S.A. de C.V.', 'S. de R.L. de C.V.'],
    street: (rng) => ({ number: `${rng.range(1, 2400)}${rng.chance(0.4) ? ` Int. ${rng.range(1, 40)}` : ''}`, name: rng.pick(['Insurgentes Sur', 'Reforma', 'Juárez', 'Hidalgo', 'Morelos', 'Vallarta', 'Constitución', 'Revolución', 'Álvaro Obregón']), type: rng.pick([['Avenida', 'Av.'], ['Calle', 'C.']] as [string, string][]), unit: `Col. ${rng.pick(['Roma Norte', 'Condesa', 'Del Valle', 'Polanco', 'Americana', 'Centro', 'Providencia', 'Obispado'])}` }),
  },
  {
    code: 'TR',
    name: 'Türkiye',
    weight: 2,
    cities: [
      { name: 'İstanbul', tz: 'Europe/Istanbul', postal: (rng) => `34${d(rng, 3)}` },
      { name: 'Ankara', tz: 'Europe/Istanbul', postal: (rng) => `06${d(rng, 3)}` },
      { name: 'İzmir', tz: 'Europe/Istanbul', postal: (rng) => `35${d(rng, 3)}` },
    ],
    origins: [['Turkish', 92], ['Arabic', 3], ['Persian', 1], ['Russian', 1], ['Ukrainian', 1], ['English', 1], ['Korean (RR, South)', 0.5]],
    mail: ['hotmail.com.tr', 'yandex.com.tr'],
    iban: 'TR',
    banks: ['Ziraat Bankası', 'İş Bankası', 'Garanti BBVA', 'Akbank', 'Yapı Kredi', 'QNB Finansbank', 'Papara'],
    universities: ['Orta Doğu Teknik Üniversitesi', 'Boğaziçi Üniversitesi', 'İstanbul Teknik Üniversitesi', 'Bilkent Üniversitesi', 'Ege Üniversitesi'],
    forms: ['A.Ş.', 'Ltd. Şti.'],
    street: (rng) => ({ number: `No: ${rng.range(1, 180)}${rng.chance(0.6) ? ` D: ${rng.range(1, 30)}` : ''}`, name: rng.pick(['Atatürk', 'Cumhuriyet', 'İstiklal', 'Bağdat', 'Gazi', 'Barış', 'Menekşe', 'Lale', 'Kıbrıs Şehitleri']), type: rng.pick([['Caddesi', 'Cad.'], ['Sokak', 'Sk.']] as [string, string][]), unit: `${rng.pick(['Moda', 'Kadıköy', 'Çankaya', 'Bornova', 'Beşiktaş', 'Şişli', 'Kızılay', 'Alsancak'])} Mah.` }),
  },
  {
    code: 'AE',
    name: 'United Arab Emirates',
    weight: 2,
    cities: [
      { name: 'Dubai', tz: 'Asia/Dubai', postal: () => '' },
      { name: 'Abu Dhabi', tz: 'Asia/Dubai', postal: () => '' },
    ],
    origins: [['Arabic', 35], ['Indian', 30], ['English', 10], ['Persian', 5], ['Russian', 6], ['Ukrainian', 3], ['Turkish', 3], ['Chinese', 3], ['Korean (RR, South)', 1], ['Nigerian', 2], ['French', 2]],
    mail: ['eim.ae'],
    iban: 'AE',
    banks: ['Emirates NBD', 'First Abu Dhabi Bank', 'ADCB', 'Mashreq', 'Dubai Islamic Bank', 'Wio Bank'],
    universities: ['Khalifa University', 'American University of Sharjah', 'University of Dubai', 'Heriot-Watt University Dubai'],
    forms: ['FZ-LLC', 'LLC', 'FZE', 'DMCC'],
    street: (rng) => ({ number: `${rng.pick(['Apt', 'Villa', 'Unit'])} ${rng.range(101, 3505)}`, name: `${rng.pick(['Marina Gate', 'Burj Vista', 'Al Reem', 'Creek Rise', 'Bay Square', 'Park Towers', 'Golden Mile'])} ${rng.range(1, 4)}`, type: ['', ''], unit: rng.pick(['Dubai Marina', 'Downtown Dubai', 'Jumeirah Lake Towers', 'Business Bay', 'Al Reem Island', 'Dubai Silicon Oasis']) }),
  },
  {
    code: 'AU',
    name: 'Australia',
    weight: 3,
    cities: [
      { name: 'Sydney', region: 'NSW', tz: 'Australia/Sydney', postal: range(2000, 2234) },
      { name: 'Melbourne', region: 'VIC', tz: 'Australia/Melbourne', postal: range(3000, 3207) },
      { name: 'Brisbane', region: 'QLD', tz: 'Australia/Brisbane', postal: range(4000, 4179) },
      { name: 'Perth', region: 'WA', tz: 'Australia/Perth', postal: range(6000, 6199) },
    ],
    origins: [['English', 62], ['Chinese', 9], ['Indian', 8], ['Vietnamese', 4], ['Korean (RR, South)', 3], ['Korean (MR, North-style)', 0.3], ['Arabic', 3], ['Spanish / Latin American', 2], ['German', 2], ['Indonesian / Malay', 2], ['Persian', 1]],
    mail: ['bigpond.com', 'optusnet.com.au'],
    banks: ['Commonwealth Bank', 'Westpac', 'ANZ', 'NAB', 'ING Australia', 'Macquarie Bank', 'Up Bank'],
    universities: ['University of Sydney', 'University of Melbourne', 'UNSW Sydney', 'University of Queensland', 'Monash University', 'RMIT University'],
    forms: ['Pty Ltd', 'Pty Ltd'],
    street: (rng) => enStreet(rng, 0.3),
  },
  {
    code: 'CN',
    name: 'China',
    weight: 2,
    cities: [
      { name: 'Shanghai', tz: 'Asia/Shanghai', postal: (rng) => `200${d(rng, 3)}` },
      { name: 'Shenzhen', tz: 'Asia/Shanghai', postal: (rng) => `518${d(rng, 3)}` },
      { name: 'Hangzhou', tz: 'Asia/Shanghai', postal: (rng) => `310${d(rng, 3)}` },
      { name: 'Chengdu', tz: 'Asia/Shanghai', postal: (rng) => `610${d(rng, 3)}` },
    ],
    origins: [['Chinese', 95], ['Korean (MR, North-style)', 2], ['Korean (RR, South)', 1], ['English', 1], ['Russian', 1]],
    mail: ['qq.com', '163.com', '126.com', 'sina.com'],
    banks: ['ICBC', 'China Construction Bank', 'Bank of China', 'Agricultural Bank of China', 'China Merchants Bank', 'Bank of Communications'],
    universities: ['Zhejiang University', 'Tsinghua University', 'Fudan University', 'Shanghai Jiao Tong University', 'Harbin Institute of Technology', 'Sichuan University'],
    forms: ['Co., Ltd.', 'Technology Co., Ltd.'],
    street: (rng) => ({ number: `No. ${rng.range(1, 1800)}`, name: rng.pick(['Zhongshan', 'Renmin', 'Jiefang', 'Nanjing', 'Huaihai', 'Shennan', 'Wensan', 'Tianfu', 'Keyuan', 'Xueyuan']), type: rng.pick([['Road', 'Rd'], ['Avenue', 'Ave'], ['Street', 'St']] as [string, string][]), unit: rng.chance(0.7) ? `Room ${rng.range(1, 30)}0${rng.range(1, 9)}, Building ${rng.range(1, 20)}` : undefined }),
  },
];

/**
 * Countries only the hard pool claims (`--pool hard`): kept apart so that the classic pool's
 * draws, and so its figures, stay as they were.
 */
export const EXTRA_COUNTRIES: Country[] = [
  {
    code: 'PK',
    name: 'Pakistan',
    weight: 3,
    cities: [
      { name: 'Karachi', region: 'Sindh', tz: 'Asia/Karachi', postal: (rng) => `7${rng.range(4, 5)}${d(rng, 3)}` },
      { name: 'Lahore', region: 'Punjab', tz: 'Asia/Karachi', postal: (rng) => `54${d(rng, 3)}` },
      { name: 'Islamabad', region: 'ICT', tz: 'Asia/Karachi', postal: (rng) => `44${rng.range(0, 2)}00` },
    ],
    origins: [['Indian', 50], ['Arabic', 50]],
    mail: ['yahoo.com', 'hotmail.com'],
    iban: 'PK',
    banks: ['Meezan Bank', 'HBL', 'UBL', 'MCB Bank', 'Allied Bank', 'Bank Alfalah', 'Standard Chartered Pakistan'],
    universities: ['NUST', 'LUMS', 'FAST-NUCES', 'COMSATS University Islamabad', 'UET Lahore', 'NED University of Engineering and Technology'],
    forms: ['(Pvt) Ltd', '(Pvt.) Ltd.', '(Private) Limited'],
    street: (rng) => ({ number: `${rng.pick(['House', 'Flat', 'Plot'])} ${rng.range(1, 400)}${rng.chance(0.3) ? `-${rng.pick(['A', 'B', 'C', 'D'])}` : ''}`, name: `Street ${rng.range(1, 60)}`, type: ['', ''], unit: rng.pick(['F-7/2', 'G-11/3', 'I-8/4', 'DHA Phase 5', 'DHA Phase 6', 'Gulberg III', 'Johar Town', 'Model Town', 'Gulshan-e-Iqbal Block 13-D', 'Clifton Block 5', 'Bahria Town Phase 4', 'PECHS Block 2']) }),
  },
  {
    code: 'PH',
    name: 'Philippines',
    weight: 3,
    cities: [
      { name: 'Makati', region: 'Metro Manila', tz: 'Asia/Manila', postal: (rng) => `12${rng.range(0, 3)}${rng.range(0, 9)}` },
      { name: 'Quezon City', region: 'Metro Manila', tz: 'Asia/Manila', postal: (rng) => `11${rng.range(0, 1)}${rng.range(0, 9)}` },
      { name: 'Cebu City', region: 'Cebu', tz: 'Asia/Manila', postal: () => '6000' },
    ],
    origins: [['Spanish / Latin American', 50], ['English', 50]],
    mail: ['yahoo.com.ph'],
    banks: ['BDO Unibank', 'BPI', 'Metrobank', 'UnionBank', 'Security Bank', 'Landbank', 'RCBC'],
    universities: ['University of the Philippines Diliman', 'Ateneo de Manila University', 'De La Salle University', 'Mapúa University', 'University of San Carlos', 'Polytechnic University of the Philippines'],
    forms: ['Inc.', 'Corp.', 'OPC'],
    street: (rng) => ({ number: String(rng.range(1, 2400)), name: rng.pick(['Ayala', 'Rizal', 'Mabini', 'Bonifacio', 'Katipunan', 'Aurora', 'Osmeña', 'Taft', 'Shaw', 'Kalayaan', 'Jupiter', 'Mango']), type: rng.pick([['Avenue', 'Ave.'], ['Street', 'St.'], ['Boulevard', 'Blvd.']] as [string, string][]), unit: rng.chance(0.5) ? `Unit ${rng.range(2, 40)}${String(rng.range(1, 20)).padStart(2, '0')}, ${rng.pick(['Tower 1', 'Tower 2', 'The Residences', 'Park Terraces', 'One Serendra', 'Avida Towers'])}` : `Brgy. ${rng.pick(['San Antonio', 'Poblacion', 'Bel-Air', 'Loyola Heights', 'Kamuning', 'Lahug', 'Guadalupe'])}` }),
  },
];

/** Where the hard pool's candidates claim to live: the classic countries plus Pakistan and the Philippines. */
export const HARD_COUNTRIES: Country[] = [...COUNTRIES, ...EXTRA_COUNTRIES];

/** US states and Canadian and Australian provinces: the code on most addresses, the name on some. */
export const REGION_NAMES: Record<string, string> = {
  NY: 'New York', TX: 'Texas', WA: 'Washington', CA: 'California', IL: 'Illinois', CO: 'Colorado', GA: 'Georgia', MA: 'Massachusetts', AZ: 'Arizona', FL: 'Florida', TN: 'Tennessee', NC: 'North Carolina', OH: 'Ohio', OR: 'Oregon', MN: 'Minnesota',
  ON: 'Ontario', BC: 'British Columbia', QC: 'Quebec', AB: 'Alberta',
  NSW: 'New South Wales', VIC: 'Victoria', QLD: 'Queensland',
};

/** One line, per country convention, in style 0 (canonical), 1 (abbreviated) or 2 (upper case, no punctuation). */
export function writeAddress(country: Country, s: StreetParts, city: City, postal: string, style: number): string {
  const t = (style === 0 ? s.type[0] : s.type[1]) ?? '';
  let line: string;
  switch (country.code) {
    case 'US':
    case 'CA':
    case 'AU':
      line = `${enLine(s, style, country.code === 'AU' ? 'Unit' : 'Apt')}, ${city.name}, ${city.region} ${postal}`;
      break;
    case 'GB':
    case 'NG':
      line = `${enLine(s, style, 'Flat')}, ${city.name}${postal ? ` ${postal}` : ''}`;
      break;
    case 'DE':
      line = `${s.name}${t} ${s.number}, ${postal} ${city.name}`;
      break;
    case 'NL':
      line = `${s.name} ${s.number}, ${postal} ${city.name}`;
      break;
    case 'FR':
      line = `${s.number} ${t} ${s.name}, ${postal} ${city.name}`;
      break;
    case 'ES':
      line = `${t} ${s.name}, ${s.number}${s.unit ? `, ${s.unit}` : ''}, ${postal} ${city.name}`;
      break;
    case 'PL':
      line = `${t} ${s.name} ${s.number}, ${postal} ${city.name}`;
      break;
    case 'UA':
      line = `${t} ${s.name}, ${s.number}${s.unit ? `, ${s.unit}` : ''}, ${city.name}, ${postal}`;
      break;
    case 'JP':
      line = `${s.unit ? `${s.unit}, ` : ''}${s.number} ${rngWard(city.name, s.number)}, ${city.name} ${postal}`;
      break;
    case 'KR':
      line = `${s.unit ? `${s.unit}, ` : ''}${s.number} ${s.name}${t}, ${rngDistrict(city.name, s.number)}, ${city.name} ${postal}`;
      break;
    case 'SG':
      line = `${s.number} ${s.name} ${t}, ${s.unit}, Singapore ${postal}`;
      break;
    case 'IN':
      line = `${s.number}, ${s.name}, ${rngArea(city.name, s.number)}, ${city.name}, ${city.region} ${postal}`;
      break;
    case 'VN':
      line = `${s.number} ${s.name}${t ? ` ${t}` : ''}, ${s.unit}, ${city.name}`;
      break;
    case 'ID':
      line = `${t} ${s.name} ${s.number}${s.unit ? `, ${s.unit}` : ''}, ${city.name} ${postal}`;
      break;
    case 'BR':
      line = `${t} ${s.name}, ${s.number}${s.unit ? `, ${s.unit}` : ''}, ${city.name} - ${city.region}, ${postal}`;
      break;
    case 'MX':
      line = `${t} ${s.name} ${s.number}, ${s.unit}, ${postal} ${city.name}, ${city.region}`;
      break;
    case 'TR':
      line = `${s.unit} ${s.name} ${t} ${s.number}, ${postal} ${city.name}`;
      break;
    case 'AE':
      line = `${s.number}, ${s.name}, ${s.unit}, ${city.name}`;
      break;
    case 'CN':
      line = `${s.unit ? `${s.unit}, ` : ''}${s.number} ${s.name} ${t}, ${city.name} ${postal}`;
      break;
    case 'PK':
      line = `${s.number}, ${s.name}, ${s.unit}, ${city.name} ${postal}`;
      break;
    case 'PH':
      line = `${s.unit ? `${s.unit}, ` : ''}${s.number} ${s.name} ${t}, ${city.name}, ${city.region} ${postal}`;
      break;
    default:
      line = `${localLine(s)}, ${city.name} ${postal}`;
  }
  line = line.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
  return restyle(line, style === 0 ? 0 : style === 1 ? 1 : 2);
}

/**
 * Another spelling of one home address, as a second member of the household writes it: the
 * state's name instead of its code ("Colorado"/"CO"), the postcode left out, moved or run
 * together, "Straße" as "Str." or "Strasse", a Korean unit "104-dong 821-ho" as "#104-821", a
 * Canadian unit written before the house number ("2786-1583 Sherbrooke Blvd") or after the street
 * in upper case ("1583 SHERBROOKE BLVD APT 2786"), a British flat as "3/12". Each call draws one
 * or two of the changes that fit the country. The result is always the same place.
 */
export function respellAddress(rng: Rng, country: Country, s: StreetParts, city: City, postal: string): string {
  switch (country.code) {
    case 'US':
    case 'CA':
    case 'AU':
      return respellNorthAmerican(rng, country, s, city, postal);
    case 'KR':
      return respellKorean(rng, country, s, city, postal);
    case 'GB':
      return respellBritish(rng, s, city, postal);
    case 'DE':
      return respellGerman(rng, s, city, postal);
    default: {
      const style = rng.pick([1, 2]);
      const line = writeAddress(country, s, city, rng.chance(0.5) ? '' : postal, style).replace(/,\s*,/g, ',').replace(/\s+,/g, ',').replace(/,\s*$/, '').trim();
      // Where neither abbreviations nor a postcode change anything, the other member writes it in capitals.
      return line === writeAddress(country, s, city, postal, 0) ? line.toUpperCase() : line;
    }
  }
}

function respellNorthAmerican(rng: Rng, country: Country, s: StreetParts, city: City, postal: string): string {
  const region = city.region ?? '';
  const regionText = rng.chance(0.5) ? REGION_NAMES[region] ?? region : region;
  const pc = rng.pick(['keep', 'drop', country.code === 'US' ? 'plus4' : 'squash'] as const);
  const code = pc === 'drop' ? '' : pc === 'plus4' ? `${postal}-${d(rng, 4)}` : pc === 'squash' ? postal.replace(' ', '') : postal;
  const short = rng.chance(0.6);
  const type = short ? s.type[1] : s.type[0];
  if (s.unit && rng.chance(0.5)) {
    // Unit after the street, upper case, as a courier label or a bank's form writes it.
    return `${s.number} ${s.name} ${type} APT ${s.unit} ${city.name} ${regionText} ${code}`.toUpperCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();
  }
  const street = s.unit && country.code === 'CA' ? `${s.unit}-${s.number} ${s.name} ${type}` : `${s.number} ${s.name} ${type}${s.unit ? ` #${s.unit}` : ''}`;
  return `${street}, ${city.name}, ${regionText} ${code}`.replace(/\s+/g, ' ').trim();
}

function respellKorean(rng: Rng, country: Country, s: StreetParts, city: City, postal: string): string {
  const m = /^(\d+)-dong (\d+)-ho$/.exec(s.unit ?? '');
  const unit = m ? rng.pick([`#${m[1]}-${m[2]}`, `${m[1]}-${m[2]}`, `Apt ${m[1]}-${m[2]}`]) : s.unit;
  const line = writeAddress(country, { ...s, unit }, city, rng.chance(0.5) ? '' : postal, 0);
  return line.replace(/\s+,/g, ',').trim();
}

function respellBritish(rng: Rng, s: StreetParts, city: City, postal: string): string {
  const type = rng.chance(0.5) ? s.type[1] : s.type[0];
  const pc = rng.pick([postal.replace(' ', ''), '', postal.toUpperCase()]);
  const street = s.unit ? (rng.chance(0.5) ? `${s.unit}/${s.number} ${s.name} ${type}` : `${s.number} ${s.name} ${type}, Flat ${s.unit}`) : `${s.number} ${s.name} ${type}`;
  return `${street}, ${city.name}${pc ? `, ${pc}` : ''}`;
}

function respellGerman(rng: Rng, s: StreetParts, city: City, postal: string): string {
  const type = s.type[0] === 'straße' ? rng.pick(['str.', 'strasse', ' Str.']) : s.type[1];
  const street = `${s.name}${type} ${s.number}`;
  return rng.pick([`${street}, ${city.name}`, `${street}, D-${postal} ${city.name}`, `${postal} ${city.name}, ${street}`, `${street} ${postal} ${city.name}`]);
}

/** Stable pick from a per-city list, keyed by the house number (so one address always names the same ward). */
function stablePick(list: readonly string[] | undefined, key: string, fallback: string): string {
  if (!list || list.length === 0) return fallback;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return list[h % list.length]!;
}
const rngWard = (city: string, key: string) => stablePick(JP_WARDS[city], key, 'Chuo-ku');
const rngDistrict = (city: string, key: string) => stablePick(KR_DISTRICTS[city], key, 'Jung-gu');
const rngArea = (city: string, key: string) => stablePick(IN_AREAS[city], key, 'Central');

export const COUNTRY_BY_CODE = new Map(HARD_COUNTRIES.map((c) => [c.code, c]));

export function country(code: string): Country {
  const c = COUNTRY_BY_CODE.get(code);
  if (!c) throw new Error(`unknown country ${code}`);
  return c;
}

export function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Global e-mail providers and their share (per country the local ones are added). */
export const GLOBAL_MAIL: [string, number][] = [
  ['gmail.com', 55],
  ['outlook.com', 12],
  ['hotmail.com', 6],
  ['yahoo.com', 6],
  ['icloud.com', 7],
  ['proton.me', 4],
  ['protonmail.com', 2],
];

/** A few very large employers that many unrelated applicants share (real names, as in any pool). */
export const LARGE_EMPLOYERS: { name: string; countries: string[] }[] = [
  { name: 'Accenture', countries: ['US', 'GB', 'IN', 'DE', 'FR', 'ES', 'PL', 'BR', 'MX', 'JP', 'AU', 'SG'] },
  { name: 'Infosys', countries: ['IN', 'US', 'GB'] },
  { name: 'Tata Consultancy Services', countries: ['IN', 'US', 'GB'] },
  { name: 'Wipro', countries: ['IN'] },
  { name: 'EPAM Systems', countries: ['UA', 'PL', 'US', 'ES', 'MX'] },
  { name: 'Globant', countries: ['MX', 'BR', 'ES', 'US'] },
  { name: 'Capgemini', countries: ['FR', 'IN', 'PL', 'NL', 'DE', 'ES'] },
  { name: 'Deloitte', countries: ['US', 'GB', 'DE', 'CA', 'AU', 'NG', 'AE'] },
  { name: 'Samsung SDS', countries: ['KR'] },
  { name: 'Naver', countries: ['KR'] },
  { name: 'Rakuten', countries: ['JP'] },
  { name: 'Thoughtworks', countries: ['US', 'GB', 'IN', 'BR', 'DE', 'AU'] },
  { name: 'Shopify', countries: ['CA', 'US'] },
  { name: 'Grab', countries: ['SG', 'VN', 'ID'] },
  { name: 'FPT Software', countries: ['VN', 'JP'] },
  { name: 'Andela', countries: ['NG', 'US'] },
  { name: 'Alibaba Group', countries: ['CN', 'SG'] },
  { name: 'SoftServe', countries: ['UA', 'PL'] },
];

const FIRM_A = ['Blue Harbor', 'Brightpath', 'Cedarline', 'Northwind', 'Clearwater', 'Lumen', 'Kestrel', 'Redwood', 'Ironclad', 'Nimbus', 'Orbital', 'Quartz', 'Granite', 'Beacon', 'Pinecone', 'Riverbend', 'Summitview', 'Tidewater', 'Vantage', 'Meridian', 'Foxglove', 'Halcyon', 'Juniper', 'Lighthouse', 'Maplewood', 'Oakridge', 'Parallax', 'Solstice', 'Trellis', 'Wavelength', 'Silverline', 'Copperleaf', 'Starling', 'Bluebird', 'Greenfield', 'Hexagon', 'Arcadia', 'Polaris', 'Zenith', 'Kite', 'Fernway', 'Larchmont', 'Ashgrove', 'Blackbird', 'Driftwood', 'Everline', 'Fjord', 'Goldcrest', 'Heron', 'Indigo', 'Keystone', 'Lattice', 'Mosaic', 'Nettle', 'Obsidian', 'Pebble', 'Quill', 'Rowan', 'Sable', 'Tamarack', 'Umber', 'Verdant', 'Willowbrook', 'Yarrow'];
const FIRM_B = ['Software', 'Labs', 'Digital', 'Systems', 'Technologies', 'Analytics', 'Cloud', 'Data', 'Interactive', 'Networks', 'Solutions', 'Studio', 'Consulting', 'Fintech', 'Payments', 'Security', 'Apps', 'Engineering'];

/** A small local firm, written with the country's legal form. */
export function firmName(rng: Rng, c: Country): string {
  const form = rng.pick(c.forms);
  const core = `${rng.pick(FIRM_A)} ${rng.pick(FIRM_B)}`;
  if (form === 'PT') return `PT ${core} Indonesia`;
  return `${core} ${form}`;
}

export const BOOTCAMPS = ['Launchpad Code Academy', 'Chainforge Web3 Bootcamp', 'Byte Harbor Coding School', 'Full Stack Forge', 'Northstar Developer Bootcamp', 'Ledgerlane Blockchain Academy'];
