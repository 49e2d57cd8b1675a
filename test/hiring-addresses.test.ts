/**
 * Postal addresses in the link analysis (src/hiring/normalize-ids.ts postalKey, src/hiring/links/addresses.ts
 * linkAddresses): one place written two ways meets, and another place (another unit of the same
 * building, another house number, the same street in another postcode) does not; households of
 * two to four whose home is written differently are households; a coworking space is not a laptop
 * farm, and a laptop farm still is one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeLinks, LINK_KEYS_VERSION, linkKeys, OPERATOR_STRENGTH } from '../src/hiring/links/index.js';
import { addressBlockKey, addressBlocks, postalKey, sameAddressPlace } from '../src/hiring/normalize-ids.js';
import { type Employer } from '../src/hiring/profile.js';
import { linkProfile as profile, linkEdge as edge, linkEvidence as evidenceOf } from './helpers.js';

/** One place: postalKey meets (same key, details agreeing where both give them). */
function samePlace(x: string, y: string, country?: string): boolean {
  const a = postalKey(x, country);
  const b = postalKey(y, country);
  return a !== undefined && b !== undefined && a.key === b.key && sameAddressPlace(a, b);
}

/**
 * The cheap blocks the link analysis reads addresses by (addressBlocks) meet: the same digits,
 * or one's digits without its postcode are all the other's.
 */
function blocksMeet(x: string, y: string): boolean {
  const a = addressBlocks(x);
  const b = addressBlocks(y);
  return a.all === b.all || a.withoutPostcode.includes(b.all) || b.withoutPostcode.includes(a.all);
}

function assertSame(spellings: string[], country?: string): void {
  for (const x of spellings) {
    for (const y of spellings) {
      if (x === y) continue;
      assert.ok(samePlace(x, y, country), `should meet:\n  ${x} -> ${JSON.stringify(postalKey(x, country))}\n  ${y} -> ${JSON.stringify(postalKey(y, country))}`);
    }
  }
  // Each spelling is read when the first is (the others may omit the postcode in turn).
  for (const y of spellings.slice(1)) assert.ok(blocksMeet(spellings[0]!, y), `blocks should meet: ${spellings[0]} | ${y}`);
}

function assertApart(x: string, others: string[], country?: string): void {
  for (const y of others) assert.ok(!samePlace(x, y, country), `should not meet:\n  ${x} -> ${JSON.stringify(postalKey(x, country))}\n  ${y} -> ${JSON.stringify(postalKey(y, country))}`);
}

const current = (name: string): Employer => ({ name, from: '2022-03' });

describe('address keys: one place in two spellings meets, another place does not', () => {
  it('US states by name or code, with the ZIP, the ZIP+4 or none', () => {
    const home = '12 Oak Street, Apt 3, Denver, CO 80203';
    assertSame([home, '12 OAK ST #3, Denver Colorado', '12 OAK ST APT 3 DENVER COLORADO 80203-1234', 'Apt 3, 12 Oak St., Denver, Colo. 80203', '12 Oak St Unit 3, Denver, CO, USA']);
    assertApart(home, ['12 Oak Street, Apt 4, Denver, CO 80203', '14 Oak Street, Apt 3, Denver, CO 80203', '12 Oak Avenue, Apt 3, Denver, CO 80203', '12 Oak Street, Apt 3, Boulder, CO 80302']);
    assertSame(['9 Oak Ct, Hartford, CT 06103', '9 Oak Court, Hartford, Connecticut', '9 OAK CT HARTFORD CT 06103']);
    assertSame(['100 Peachtree St NE, Atlanta, GA 30303', '100 Peachtree Street Northeast, Atlanta, Georgia']);
    // "Georgia" after a US address is the state, not the country.
    assert.equal(postalKey('100 Peachtree St NE, Atlanta, Georgia')!.country, '');
    assert.equal(postalKey('100 Peachtree St NE, Atlanta, Georgia')!.region, 'ga');
    // One street in two states: the same key, not the same place.
    assertApart('1 Main St, Portland, OR 97201', ['1 Main St, Portland, ME 04101', '1 Main Street, Portland, Maine']);
    assert.equal(postalKey('1 Main St, Portland, OR 97201')!.key, postalKey('1 Main St, Portland, ME 04101')!.key);
  });

  it('Canadian provinces and the unit-civic number ("2786-1583 Sherbrooke Blvd")', () => {
    const home = '2786-1583 Sherbrooke Blvd, Montréal, QC H2L 1K8';
    assertSame([home, '1583 SHERBROOKE BLVD APT 2786 MONTREAL QUEBEC H2L1K8', 'Apt 2786, 1583 Sherbrooke Boulevard, Montreal, Quebec', '1583 Sherbrooke Blvd #2786, Montreal, QC']);
    assertApart(home, ['2787-1583 Sherbrooke Blvd, Montréal, QC H2L 1K8', '2786-1585 Sherbrooke Blvd, Montréal, QC H2L 1K8', '1583 Sherbrooke Blvd, Montréal, QC H2L 1K8']);
    assertSame(['1203-100 Queen Street West, Toronto, Ontario', 'Suite 1203, 100 Queen St W, Toronto, ON M5H 2N2', '100 QUEEN ST W APT 1203 TORONTO ON M5H2N2']);
    assertSame(['12B-450 Main St, Vancouver, BC V5T 1X3', '450 MAIN ST APT 12B VANCOUVER BRITISH COLUMBIA']);
    assertApart('1583 Sherbrooke Blvd, Montreal, QC H2L 1K8', ['1583 Sherbrooke Blvd, Montreal, QC H3A 2B4']);
  });

  it('Australian states and the unit/number form ("4/22 Smith St")', () => {
    const home = 'Unit 4, 22 Smith Street, Fitzroy VIC 3065';
    assertSame([home, '4/22 Smith St, Fitzroy, Victoria', '22 SMITH ST APT 4 FITZROY VICTORIA 3065', '22 Smith St #4, Fitzroy, VIC']);
    assertApart(home, ['5/22 Smith St, Fitzroy VIC 3065', '4/24 Smith St, Fitzroy VIC 3065', 'Unit 4, 22 Smith Street, Collingwood VIC 3066']);
    assertSame(['12 George St, Sydney NSW 2000', '12 George Street, Sydney, New South Wales', '12 GEORGE ST SYDNEY N.S.W. 2000']);
  });

  it('the postcode given, left out, moved or run together', () => {
    assertSame(['Hauptstraße 5, 10115 Berlin', 'Hauptstr. 5, Berlin', '10115 Berlin, Hauptstr. 5', 'Haupt Str. 5, D-10115 Berlin', 'Hauptstrasse 5 10115 Berlin']);
    assertApart('Hauptstraße 5, 10115 Berlin', ['Hauptstraße 7, 10115 Berlin', 'Hauptstraße 5, 20095 Hamburg', 'Bahnhofstraße 5, 10115 Berlin']);
    assertSame(['12 High Street, Flat 3, London SE1 7PB', '3/12 High St, London, SE17PB', '12 High St #3, London', 'Flat 3, 12 High Street, London, SE1 7PB, United Kingdom']);
    // One street name in two postcodes: the same key, two places.
    assertApart('12 High Street, Flat 3, London SE1 7PB', ['12 High Street, Flat 3, London N1 9GU', '12 High Street, Flat 4, London SE1 7PB']);
    assertSame(['Sunny Heights 1203, 1-2-3 Shibuya-ku, Tokyo 150-0002', 'Sunny Heights 1203, 1-2-3 Shibuya-ku, Tokyo']);
    assertSame(['ul. Marszałkowska 84/92, 00-514 Warszawa', 'ulica Marszalkowska 84/92, Warszawa']);
    assertSame(['Kerkstraat 12, 1012 AB Amsterdam', 'Kerkstr. 12, Amsterdam']);
    assertApart('Kerkstraat 12, 1012 AB Amsterdam', ['Kerkstraat 12, 3511 LX Utrecht', 'Kerkstraat 14, 1012 AB Amsterdam']);
    assertSame(['Rua Augusta 100, apto 31, São Paulo - SP, 01310-100', 'R. Augusta 100, apartamento 31, Sao Paulo - SP']);
  });

  it('street types and their abbreviations in several languages', () => {
    const pairs: [string, string][] = [
      ['Friedrichstraße 123, 10117 Berlin', 'Friedrichstr. 123, 10117 Berlin'],
      ['Mühlenplatz 4, 65484 Frankfurt am Main', 'Mühlenpl. 4, Frankfurt am Main'],
      ['Flat 88, Street 59, I-8/4, Islamabad 44000', 'FLAT 88 STREET 59 I-8/4 ISLAMABAD 44000'],
      ['12 avenue Victor Hugo, 75016 Paris', '12 av. Victor Hugo, Paris'],
      ['5 boulevard Haussmann, Paris', '5 bd Haussmann, Paris'],
      ['Calle Mayor 14, 3º B, 28013 Madrid', 'C/ Mayor 14, 3º B, Madrid'],
      ['Avenida de la Constitución 20, Sevilla', 'Avda. de la Constitución 20, Sevilla'],
      ['Viale Monza 12, 20125 Milano', 'V.le Monza 12, Milano'],
      ['Piazza Navona 3, Roma', 'P.za Navona 3, Roma'],
      ['Strada Lipscani 5, București', 'Str. Lipscani 5, Bucuresti'],
      ['prospekt Nauky 14, kv. 7, Kyiv', 'prosp. Nauky 14, kvartira 7, Kyiv'],
      ['Jalan Sudirman No. 5, Jakarta 10220', 'Jl. Sudirman 5, Jakarta'],
      ['Bağdat Caddesi No: 120, İstanbul', 'Bagdat Cad. 120, Istanbul'],
      ['12 Oak Street, Springfield', '12 Oak St., Springfield'],
      ['450 Sunset Boulevard, Los Angeles', '450 Sunset Blvd, Los Angeles'],
    ];
    for (const [x, y] of pairs) assertSame([x, y]);
    assertApart('12 Oak Street, Springfield', ['12 Oak Avenue, Springfield', '12 Oak Lane, Springfield', '12 Elm Street, Springfield']);
    assertApart('Calle Mayor 14, 3º B, 28013 Madrid', ['Calle Mayor 16, 3º B, 28013 Madrid', 'Paseo Mayor 14, 3º B, 28013 Madrid']);
  });

  it('Korean building and unit ("104-dong 821-ho" = "#104-821"), in Latin or Hangul', () => {
    const home = '104-dong 821-ho, 55 Teheran-ro, Gangnam-gu, Seoul 06236';
    assertSame([home, '#104-821, 55 Teheran-ro, Gangnam-gu, Seoul', 'Apt 104-821, 55 Teheran-ro, Gangnam-gu, Seoul 06236', '104-821, 55 Teheran-ro, Gangnam-gu, Seoul', '55 Teheran-ro #104-821, Gangnam-gu, Seoul']);
    assertApart(home, ['104-dong 822-ho, 55 Teheran-ro, Gangnam-gu, Seoul 06236', '105-dong 821-ho, 55 Teheran-ro, Gangnam-gu, Seoul 06236', '104-dong 821-ho, 57 Teheran-ro, Gangnam-gu, Seoul 06236']);
    assertSame(['서울특별시 강남구 테헤란로 55, 104동 821호', '서울특별시 강남구 테헤란로 55 104-821', '서울특별시 강남구 테헤란로 55, #104-821']);
    assertApart('서울특별시 강남구 테헤란로 55, 104동 821호', ['서울특별시 강남구 테헤란로 55, 104동 822호']);
  });

  it('workplace names, "c/o" lines and floors are left out of the key; they say what the address is', () => {
    const space = postalKey('Hive Coworking, 100 Market Street, Suite 400, San Francisco, CA 94105')!;
    assert.ok(space.business);
    assert.ok(samePlace('Hive Coworking, 100 Market Street, Suite 400, San Francisco, CA 94105', '100 MARKET ST STE 400 SAN FRANCISCO CA 94105'));
    const floor = postalKey('WeWork, 115 W 18th St, 2nd Floor, New York, NY 10011')!;
    assert.equal(floor.floor, '2');
    assert.ok(floor.business);
    assertSame(['WeWork, 115 W 18th St, 2nd Floor, New York, NY 10011', '115 West 18th Street, Floor 2, New York, New York']);
    assertApart('115 W 18th St, 2nd Floor, New York, NY 10011', ['115 W 18th St, 5th Floor, New York, NY 10011']);
    assertSame(['Globex Corp, 3rd Floor, 500 Howard St, San Francisco, CA', '500 Howard Street, Fl 3, San Francisco, California 94105']);
    assertSame(['c/o Jane Doe, 77 Willow Lane, Nashville, TN 37203', '77 WILLOW LN NASHVILLE TN 37203']);
    // A flat, or a mail drop, is no workplace.
    assert.equal(postalKey('12 Oak Street, Apt 3, Denver, CO 80203')!.business, false);
    const pmb = postalKey('2810 N Church St, Ste 100, PMB 4512, Wilmington, DE 19802')!;
    assert.ok(pmb.mailDrop);
    assert.equal(pmb.business, false);
    assert.ok(postalKey('P.O. Box 1234, Austin, TX 78701')!.mailDrop);
  });

  it('not an address: a town, a region, a country, a number alone', () => {
    assert.equal(postalKey('Springfield'), undefined);
    assert.equal(postalKey('12'), undefined);
    assert.equal(postalKey('Apt 4'), undefined);
    assert.equal(postalKey('Denver, Colorado'), undefined);
    assert.equal(postalKey('Germany'), undefined);
  });

  it('the block key (stored link key "a:") follows the key: the postcode does not change it, the unit does', () => {
    const with_ = addressBlockKey('12 Oak Street, Apt 3, Denver, CO 80203');
    assert.equal(addressBlockKey('12 OAK ST #3, Denver Colorado'), with_);
    assert.equal(addressBlockKey('1583 SHERBROOKE BLVD APT 2786 MONTREAL QUEBEC'), addressBlockKey('2786-1583 Sherbrooke Blvd, Montréal, QC H2L 1K8'));
    assert.notEqual(addressBlockKey('12 Oak Street, Apt 4, Denver, CO 80203'), with_);
    assert.equal(addressBlockKey('Springfield'), undefined);
    assert.ok(LINK_KEYS_VERSION >= 2, 'the address keys changed: stored keys are derived again');
    const a = linkKeys(profile('a', { homeAddress: { text: '104-dong 821-ho, 55 Teheran-ro, Gangnam-gu, Seoul 06236', country: 'KR' } }));
    const b = linkKeys(profile('b', { shippingAddresses: [{ text: '#104-821, 55 Teheran-ro, Gangnam-gu, Seoul', country: 'KR' }] }));
    assert.ok(a.some((k) => k.startsWith('a:') && b.includes(k)), 'two spellings share their stored address key');
  });
});

describe('households, coworking spaces and laptop farms', () => {
  it('a family of four writing its home four ways is one household, not an operator ring', () => {
    const spellings = ['12 Oak Street, Apt 3, Denver, CO 80203', '12 OAK ST #3, Denver Colorado', '12 OAK ST APT 3 DENVER COLORADO 80203-1234', 'Apt 3, 12 Oak St., Denver, CO'];
    const family = spellings.map((text, i) =>
      profile(`f${i}`, {
        homeAddress: { text, country: 'US' },
        // Three of them had their work laptop shipped home.
        shippingAddresses: i < 3 ? [{ text, country: 'US' }] : [],
        employers: [current(['Globex', 'Initech', 'Hooli', 'Umbrella'][i]!)],
      }),
    );
    const neighbour = profile('n', { homeAddress: { text: '12 Oak Street, Apt 4, Denver, CO 80203', country: 'US' }, shippingAddresses: [{ text: '12 Oak Street, Apt 4, Denver, CO 80203' }] });
    const r = analyzeLinks([...family, neighbour]);
    const c = r.clusterOf('f0');
    assert.ok(c);
    assert.deepEqual(c.members, ['f0', 'f1', 'f2', 'f3']);
    assert.equal(c.operator, false);
    for (let x = 0; x < 4; x++) {
      for (let y = x + 1; y < 4; y++) {
        const e = edge(r, `f${x}`, `f${y}`);
        assert.ok(e, `f${x} - f${y}`);
        assert.ok(e.evidence.every((v) => v.explained === 'household'), JSON.stringify(e.evidence));
        assert.ok(e.strength < OPERATOR_STRENGTH);
      }
    }
    assert.equal(r.clusterOf('n'), undefined, 'another flat of the building is another home');
    assert.equal(r.edgesOf('n').length, 0);
  });

  it('a couple writing its home two ways is a couple: a joint account and one computer stay medium', () => {
    const joint = { type: 'iban' as const, value: 'GB82WEST12345698765432', holderName: 'A. & B. Novak' };
    const r = analyzeLinks([
      profile('ann', { homeAddress: { text: '2786-1583 Sherbrooke Blvd, Montréal, QC H2L 1K8', country: 'CA' }, payments: [joint], events: [{ type: 'login', at: '2025-03-01T10:00:00Z', ip: '198.51.100.9', deviceId: 'family-pc-01' }] }),
      profile('ben', { homeAddress: { text: '1583 SHERBROOKE BLVD APT 2786 MONTREAL QUEBEC' }, payments: [joint], events: [{ type: 'login', at: '2025-03-20T10:00:00Z', ip: '198.51.100.8', deviceId: 'family-pc-01' }] }),
    ]);
    const e = edge(r, 'ann', 'ben');
    assert.ok(e && e.strength < OPERATOR_STRENGTH, `strength ${e?.strength}`);
    assert.ok(evidenceOf(r, 'ann', 'ben', 'home_address'));
    assert.equal(evidenceOf(r, 'ann', 'ben', 'payment')!.explained, 'household');
    assert.equal(r.clusterOf('ann')?.operator, false);
  });

  it('five giving one home are more than a household', () => {
    const r = analyzeLinks(['h1', 'h2', 'h3', 'h4', 'h5'].map((ref, i) => profile(ref, { homeAddress: { text: i % 2 ? '8 Rose Lane, Austin, TX 78701' : '8 ROSE LN AUSTIN TEXAS' } })));
    const ev = evidenceOf(r, 'h1', 'h2', 'home_address');
    assert.ok(ev && ev.explained === undefined);
    assert.match(ev.detail, /more than a household/);
  });

  it('a coworking space is not an operator cluster; a laptop farm at a residence still is', () => {
    const space = ['Hive Coworking, 100 Market Street, Suite 400, San Francisco, CA 94105', '100 Market Street, Suite 400, San Francisco, CA 94105', '100 MARKET ST STE 400 SAN FRANCISCO CA 94105', '100 Market St #400, San Francisco, California'];
    const employers = ['Globex', 'Initech', 'Hooli', 'Umbrella Systems', undefined, undefined];
    const members = employers.map((name, i) =>
      profile(`cw${i}`, {
        homeAddress: { text: `${i + 10} Valencia St, San Francisco, CA 9411${i}`, country: 'US' },
        shippingAddresses: [{ text: space[i % space.length]!, country: 'US' }],
        // Four name a current employer of their own; two freelancers name only past ones.
        employers: name ? [current(name)] : [{ name: `Former Employer ${i}`, from: '2018-01', to: '2021-06' }],
      }),
    );
    const farmAt = ['77 Willow Lane, Nashville, TN 37203', '77 WILLOW LN NASHVILLE TN 37203', '77 Willow Ln, Nashville, Tennessee', '77 Willow Lane, Nashville TN 37203, USA'];
    const farm = farmAt.map((text, i) =>
      profile(`fm${i}`, {
        homeAddress: { text: `${i + 1} ${['First', 'Second', 'Third', 'Fourth'][i]} Ave, ${['Seattle, WA 98101', 'Austin, TX 78701', 'Miami, FL 33101', 'Boston, MA 02108'][i]}`, country: 'US' },
        events: [{ type: 'shipping_request', at: '2025-04-01T00:00:00Z', address: { text } }],
        // The workers of a farm may name current employers too: each a different one.
        employers: i < 2 ? [current(`Client ${i}`)] : [],
      }),
    );
    const r = analyzeLinks([...members, ...farm]);
    const cw = r.clusterOf('cw0');
    assert.ok(cw, 'the coworking members are linked, weakly');
    assert.equal(cw.operator, false);
    for (const m of members) assert.notEqual(r.clusterOf(m.ref)?.operator, true, `${m.ref} is no operator`);
    const pair = evidenceOf(r, 'cw0', 'cw1', 'shipping_address')!;
    assert.equal(pair.explained, 'office');
    assert.match(pair.detail, /each names a current employer of their own/);
    const freelancers = evidenceOf(r, 'cw4', 'cw5', 'shipping_address')!;
    assert.ok(freelancers.weight < OPERATOR_STRENGTH);
    const f = r.clusterOf('fm0');
    assert.ok(f);
    assert.equal(f.operator, true);
    assert.deepEqual(f.members, ['fm0', 'fm1', 'fm2', 'fm3']);
    assert.match(evidenceOf(r, 'fm0', 'fm3', 'shipping_address')!.detail, /laptop-farm pattern/);
  });

  it("members of a coworking space share its network: the space explains their common IP, strangers' farm IP does not", () => {
    const space = 'Hive Coworking, 100 Market Street, Suite 400, San Francisco, CA 94105';
    const members = ['Globex', 'Initech', 'Hooli'].map((name, i) =>
      profile(`cw${i}`, {
        homeAddress: { text: `${i + 10} Valencia St, San Francisco, CA 9411${i}`, country: 'US' },
        shippingAddresses: [{ text: space, country: 'US' }],
        employers: [current(name)],
        events: [{ type: 'login', at: `2025-04-01T1${i}:30:00Z`, ip: '203.0.113.40' }],
      }),
    );
    const r = analyzeLinks(members);
    const ip = evidenceOf(r, 'cw0', 'cw2', 'ip')!;
    assert.equal(ip.explained, 'office');
    assert.match(ip.detail, /both work from one shared workspace \(its network\)/);
    for (const m of members) assert.notEqual(r.clusterOf(m.ref)?.operator, true, m.ref);
    // The same login address shared by three who only share a laptop drop: no workspace explains it.
    const farm = analyzeLinks(
      [0, 1, 2].map((i) =>
        profile(`fm${i}`, {
          homeAddress: { text: `${i + 1} Pine Rd, Boise, ID 8370${i}`, country: 'US' },
          shippingAddresses: [{ text: '77 Willow Lane, Nashville, TN 37203', country: 'US' }],
          events: [{ type: 'login', at: `2025-04-01T0${i + 1}:00:00Z`, ip: '203.0.113.40' }],
        }),
      ),
    );
    assert.equal(evidenceOf(farm, 'fm0', 'fm2', 'ip')!.explained, undefined);
    assert.equal(farm.clusterOf('fm0')?.operator, true);
  });

  it('a farm at the home of one of them, or at a mail drop, is still a farm; a family shipping home is not', () => {
    const farmHome = '45 Cedar Drive, Litchfield Park, AZ 85340';
    const r = analyzeLinks([
      profile('host', { homeAddress: { text: farmHome, country: 'US' }, shippingAddresses: [{ text: farmHome, country: 'US' }] }),
      ...['w1', 'w2', 'w3'].map((ref, i) => profile(ref, { homeAddress: { text: `${i + 1} Pine Rd, Boise, ID 8370${i}` }, shippingAddresses: [{ text: i ? '45 CEDAR DR LITCHFIELD PARK ARIZONA' : '45 Cedar Dr., Litchfield Park, AZ 85340-1234' }], employers: [current(`Company ${i}`)] })),
    ]);
    assert.equal(r.clusterOf('w1')?.operator, true);
    assert.ok(r.clusterOf('w1')!.members.includes('host'));
    const drop = '2810 N Church St, Ste 100, PMB 4512, Wilmington, DE 19802';
    const viaDrop = analyzeLinks(['d1', 'd2', 'd3'].map((ref, i) => profile(ref, { homeAddress: { text: `${i + 5} Elm St, Dover, DE 1990${i}` }, shippingAddresses: [{ text: i ? drop.toUpperCase() : drop }], employers: [current(`Employer ${i}`)] })));
    assert.equal(viaDrop.clusterOf('d1')?.operator, true, 'a private mailbox is no workplace');
    const family = analyzeLinks(['k1', 'k2', 'k3'].map((ref, i) => profile(ref, { homeAddress: { text: i ? '45 CEDAR DR LITCHFIELD PARK ARIZONA' : farmHome }, shippingAddresses: [{ text: farmHome }] })));
    assert.equal(family.clusterOf('k1')?.operator, false, 'three who live there and have laptops shipped home are a household');
  });

  it('colleagues at the office their address names, and strangers at a residence who each name an employer', () => {
    const r = analyzeLinks(
      ['o1', 'o2', 'o3'].map((ref, i) =>
        profile(ref, {
          homeAddress: { text: `${i + 1} Home St, Oakland, CA 9460${i}` },
          shippingAddresses: [{ text: i ? '500 Howard Street, Fl 3, San Francisco, California 94105' : 'Globex Corp, 3rd Floor, 500 Howard St, San Francisco, CA' }],
          employers: [current(['Globex', 'Initech', 'Hooli'][i]!)],
        }),
      ),
    );
    assert.equal(r.clusterOf('o1')?.operator, false);
    // The same three at a flat that is none of their homes: their employers explain nothing there.
    const flat = analyzeLinks(
      ['s1', 's2', 's3'].map((ref, i) =>
        profile(ref, { homeAddress: { text: `${i + 1} Home St, Oakland, CA 9460${i}` }, shippingAddresses: [{ text: '77 Willow Lane, Apt 2, Nashville, TN 37203' }], employers: [current(['Globex', 'Initech', 'Hooli'][i]!)] }),
      ),
    );
    assert.equal(flat.clusterOf('s1')?.operator, true);
  });
});
