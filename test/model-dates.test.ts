/**
 * Tests for src/model/dates.ts: parseQueryDate on every written form a screening query may carry
 * (ISO, numeric day-first and month-first, month names in five languages, two-digit years,
 * approximate dates), its refusals (ambiguous, impossible, future, unreadable), and that the list
 * parsers parseDate/parseDates still give exactly what they gave before parseQueryDate existed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoDate, parseDate, parseDates, parseQueryDate, type QueryDate } from '../src/model/dates.js';

/** A fixed "today" so two-digit years and the future do not move with the calendar. */
const NOW = new Date('2026-12-06T12:00:00Z');

function read(text: string): QueryDate {
  return parseQueryDate(text, NOW);
}

function valueOf(text: string): string {
  const r = read(text);
  assert.ok('value' in r, `${JSON.stringify(text)} gave ${JSON.stringify(r)}`);
  return r.value;
}

function errorOf(text: string): string {
  const r = read(text);
  assert.ok('error' in r, `${JSON.stringify(text)} should be refused, gave ${JSON.stringify(r)}`);
  return r.error;
}

/** Assert that each text reads as the value, with no note (the reading needed no choice). */
function plain(cases: [string, string][]): void {
  for (const [text, value] of cases) assert.deepEqual(read(text), { value }, JSON.stringify(text));
}

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('parseQueryDate: ISO and other year-first forms', () => {
  it('reads day, month and year precision and keeps it', () => {
    plain([
      ['1987-08-30', '1987-08-30'],
      ['1987-08', '1987-08'],
      ['1987', '1987'],
      ['1987/08/30', '1987-08-30'],
      ['1987.08.30', '1987-08-30'],
      ['1987-8-3', '1987-08-03'],
      ['1987/8', '1987-08'],
      ['19870830', '1987-08-30'],
    ]);
  });
  it('reads ISO date-times, with or without a zone, as their date', () => {
    plain([
      ['1987-08-30T00:00:00', '1987-08-30'],
      ['1987-08-30T23:59:59Z', '1987-08-30'],
      ['1987-08-30T10:20:30.123+09:00', '1987-08-30'],
      ['1987-08-30T10:20-0500', '1987-08-30'],
      ['1987-08-30 10:20', '1987-08-30'],
    ]);
  });
  it('reads the East Asian year-month-day forms', () => {
    plain([
      ['1987年8月30日', '1987-08-30'],
      ['1987년 8월 30일', '1987-08-30'],
      ['1987年8月', '1987-08'],
      ['1987년', '1987'],
    ]);
  });
  it('ignores surrounding and repeated whitespace, including no-break spaces', () => {
    plain([
      ['  1987 ', '1987'],
      ['\t30/08/1987\n', '1987-08-30'],
      ['30\u00a0Aug\u00a0 1987', '1987-08-30'],
      ['30 / 08 / 1987', '1987-08-30'],
      ['30 . 08 . 1987', '1987-08-30'],
    ]);
  });
});

describe('parseQueryDate: numeric day and month', () => {
  it('reads day-first dates with slashes, dots, dashes or spaces', () => {
    plain([
      ['30/08/1987', '1987-08-30'],
      ['30.08.1987', '1987-08-30'],
      ['30-08-1987', '1987-08-30'],
      ['30 08 1987', '1987-08-30'],
      ['30.8.1987', '1987-08-30'],
      ['13/1/2000', '2000-01-13'],
    ]);
  });
  it('reads month-first dates when the second number cannot be a month, and says so', () => {
    assert.deepEqual(read('08/30/1987'), { value: '1987-08-30', note: "'08/30/1987' read as 1987-08-30: month first, as 30 cannot be a month" });
    assert.equal(valueOf('5/14/1986'), '1986-05-14');
    assert.equal(valueOf('12-31-1999'), '1999-12-31');
  });
  it('keeps only the year when day and month could be swapped, and never a wrong day', () => {
    assert.deepEqual(read('04/05/1986'), { value: '1986', note: "'04/05/1986' read as 1986: day and month are ambiguous" });
    for (const sep of ['/', '.', '-']) {
      for (let a = 1; a <= 12; a++) {
        for (let b = 1; b <= 12; b++) {
          const r = read(`${a}${sep}${b}${sep}1986`);
          if (a === b) assert.deepEqual(r, { value: isoDate(1986, a, a) });
          else {
            assert.ok('value' in r && r.value === '1986', `${a}${sep}${b}: ${JSON.stringify(r)}`);
            assert.match(r.note ?? '', /day and month are ambiguous/);
          }
        }
      }
    }
  });
  it('reads the day when day and month are the same number', () => {
    plain([['05/05/1986', '1986-05-05'], ['12.12.2001', '2001-12-12']]);
  });
  it('reads every day of a year written day-first or month-first exactly when unambiguous', () => {
    for (let t = Date.UTC(1984, 0, 1); t < Date.UTC(1985, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const iso = d.toISOString().slice(0, 10);
      assert.equal(valueOf(`${day} ${MONTH_ABBR[m - 1]} ${y}`), iso);
      assert.equal(valueOf(`${MONTH_ABBR[m - 1]} ${day}, ${y}`), iso);
      assert.equal(valueOf(`${y}${String(m).padStart(2, '0')}${String(day).padStart(2, '0')}`), iso);
      if (day > 12) {
        assert.equal(valueOf(`${day}/${m}/${y}`), iso);
        assert.equal(valueOf(`${m}/${day}/${y}`), iso);
      }
    }
  });
  it('reads month and year', () => {
    plain([['08/1987', '1987-08'], ['8.1987', '1987-08'], ['08-1987', '1987-08']]);
  });
});

describe('parseQueryDate: month names', () => {
  it('reads English day-month-year and month-day-year in every usual spelling', () => {
    plain([
      ['30 Aug 1987', '1987-08-30'],
      ['30 August 1987', '1987-08-30'],
      ['30-Aug-1987', '1987-08-30'],
      ['30-AUG-1987', '1987-08-30'],
      ['30 Sept. 1987', '1987-09-30'],
      ['Aug 30, 1987', '1987-08-30'],
      ['August 30 1987', '1987-08-30'],
      ['May 14, 1986', '1986-05-14'],
      ['24 Oct 1972', '1972-10-24'],
      ['1987 Aug 30', '1987-08-30'],
      ['Aug 1987', '1987-08'],
      ['August 1987', '1987-08'],
      ['Aug. 1987', '1987-08'],
    ]);
  });
  it('reads ordinal days', () => {
    plain([
      ['30th August 1987', '1987-08-30'],
      ['August 30th, 1987', '1987-08-30'],
      ['1st May 1990', '1990-05-01'],
      ['2nd Jan 1990', '1990-01-02'],
      ['23rd March 1990', '1990-03-23'],
      ['the 30th of August 1987', '1987-08-30'],
      ['1er mai 1990', '1990-05-01'],
    ]);
  });
  it('reads French, Spanish, German and Russian month names, with or without accents', () => {
    plain([
      ['30 août 1987', '1987-08-30'],
      ['30 aout 1987', '1987-08-30'],
      ['12 février 1990', '1990-02-12'],
      ['janv. 1990', '1990-01'],
      ['30 de agosto de 1987', '1987-08-30'],
      ['3 dic 1975', '1975-12-03'],
      ['30. August 1987', '1987-08-30'],
      ['30. März 1987', '1987-03-30'],
      ['1. Dezember 1960', '1960-12-01'],
      ['30 августа 1987 г.', '1987-08-30'],
      ['30 августа 1987 года', '1987-08-30'],
      ['1 мая 1990', '1990-05-01'],
      ['30 авг 1987', '1987-08-30'],
      ['Май 1990', '1990-05'],
    ]);
  });
  it('refuses a word that could be two months, a second month, or a missing year', () => {
    assert.match(errorOf('jui 1990'), /'jui 1990' is not a date Vigil can read/);
    assert.match(errorOf('May June 1990'), /not a date Vigil can read/);
    assert.equal(errorOf('Aug 12'), "'Aug 12' has no year");
    assert.equal(errorOf('August'), "'August' has no year");
  });
});

describe('parseQueryDate: two-digit years and approximate dates', () => {
  it('reads a two-digit year as 19xx when 20xx would be in the future, and says so', () => {
    assert.deepEqual(read('30/08/87'), { value: '1987-08-30', note: "'30/08/87' read as 1987-08-30: two-digit year 87 taken as 1987" });
    assert.deepEqual(read('30-Aug-87'), { value: '1987-08-30', note: "'30-Aug-87' read as 1987-08-30: two-digit year 87 taken as 1987" });
    assert.deepEqual(read('Aug 87'), { value: '1987-08', note: "'Aug 87' read as 1987-08: two-digit year 87 taken as 1987" });
    const both = read('04/05/86');
    assert.ok('value' in both && both.value === '1986');
    assert.match(both.note ?? '', /two-digit year 86 taken as 1986; day and month are ambiguous/);
  });
  it('refuses a two-digit year that could be either century', () => {
    assert.equal(errorOf('30/08/05'), "'30/08/05' has a two-digit year that could be 1905 or 2005: write the year in full");
    assert.match(errorOf('30/08/26'), /1926 or 2026/);
    // The boundary follows today: 27 is 1927 in 2026, and could be either century in 2027.
    assert.deepEqual(parseQueryDate('30/08/27', NOW), { value: '1927-08-30', note: "'30/08/27' read as 1927-08-30: two-digit year 27 taken as 1927" });
    assert.ok('error' in parseQueryDate('30/08/27', new Date('2027-06-01T00:00:00Z')));
  });
  it('reads "circa" and its kin as the date, noted as approximate', () => {
    assert.deepEqual(read('circa 1960'), { value: '1960', note: "'circa 1960' read as 1960: the date is approximate" });
    for (const text of ['c. 1960', 'ca. 1960', 'ca 1960', 'approx. 1960', 'approximately 1960', 'about 1960', '~1960', 'около 1960']) {
      const r = read(text);
      assert.ok('value' in r && r.value === '1960', `${text}: ${JSON.stringify(r)}`);
      assert.match(r.note ?? '', /approximate/);
    }
    assert.deepEqual(read('circa Aug 1960'), { value: '1960-08', note: "'circa Aug 1960' read as 1960-08: the date is approximate" });
    assert.deepEqual(read('1960?'), { value: '1960', note: "'1960?' read as 1960: the date is marked as uncertain" });
  });
});

describe('parseQueryDate: refusals', () => {
  it('names text that is not a date', () => {
    assert.equal(errorOf('next tuesday'), "'next tuesday' is not a date Vigil can read");
    for (const text of ['unknown', '30 Foo 1987', '1987-08-30-12', '123', '12345', 'circa', '?', '30/08', '87-08-30']) errorOf(text);
    assert.equal(errorOf(''), 'no date given');
    assert.equal(errorOf('   '), 'no date given');
  });
  it('names impossible dates and why', () => {
    assert.equal(errorOf('31/02/1990'), "'31/02/1990' is not a real date: 1990-02 has no day 31");
    assert.equal(errorOf('29 Feb 1990'), "'29 Feb 1990' is not a real date: 1990-02 has no day 29");
    assert.equal(valueOf('29 Feb 1988'), '1988-02-29');
    assert.equal(errorOf('1987-13-01'), "'1987-13-01' is not a real date: there is no month 13");
    assert.equal(errorOf('1987-13'), "'1987-13' is not a real date: there is no month 13");
    assert.equal(errorOf('13/1990'), "'13/1990' is not a real date: there is no month 13");
    assert.equal(errorOf('13/13/1990'), "'13/13/1990' is not a real date: neither 13 nor 13 can be a month");
    assert.equal(errorOf('32/01/1990'), "'32/01/1990' is not a real date: 1990-01 has no day 32");
    assert.equal(errorOf('19870230'), "'19870230' is not a real date: 1987-02 has no day 30");
    assert.equal(errorOf('0987'), "'0987' is not a real date: year 987 is out of range");
  });
  it('refuses a birth date in the future, at the precision written', () => {
    assert.equal(errorOf('2030'), "'2030' is in the future, so it cannot be a birth date");
    assert.ok('error' in read('01/2027'));
    assert.ok('error' in read('2026-12-07'));
    assert.equal(valueOf('2026-12-06'), '2026-12-06');
    assert.equal(valueOf('12/2026'), '2026-12');
    assert.equal(valueOf('2026'), '2026');
  });
  it('refuses a range of years: that is not one date', () => {
    assert.equal(errorOf('1960-1962'), "'1960-1962' is a range of years, not one date");
    assert.match(errorOf('1960 to 1962'), /range of years/);
  });
  it('shortens very long text in its messages', () => {
    const long = `not a date ${'x'.repeat(500)}`;
    const message = errorOf(long);
    assert.ok(message.length < 120, message);
    assert.match(message, /…' is not a date Vigil can read$/);
  });
});

describe('parseDate and parseDates: the list parsers are unchanged', () => {
  it('parseDate reads the lists\' formats as before', () => {
    const cases: [string, string | undefined][] = [
      ['1987-08-30', '1987-08-30'],
      ['1987-08', '1987-08'],
      ['1987', '1987'],
      ['1987-8-3', '1987-08-03'],
      ['1987-08-30T00:00:00', '1987-08-30'],
      ['30-08-1987', '1987-08-30'],
      ['30.8.1987', '1987-08-30'],
      ['30/08/1987', '1987-08-30'],
      // The lists write day first, so the list parser keeps reading an ambiguous pair that way.
      ['04/05/1986', '1986-05-04'],
      ['08/1987', '1987-08'],
      ['8.1987', '1987-08'],
      ['30 Aug 1987', '1987-08-30'],
      ['30 August 1987', '1987-08-30'],
      ['30 Sept. 1987', '1987-09-30'],
      ['Aug 1987', '1987-08'],
      ['August 1987', '1987-08'],
      ['Sept 1987', '1987-09'],
      [' 1987 ', '1987'],
      ['31/02/1990', undefined],
      ['1987-13', undefined],
      ['Aug 30, 1987', undefined],
      ['30/08/87', undefined],
      ['circa 1960', undefined],
      ['30 Foo 1987', undefined],
      ['999', undefined],
    ];
    for (const [text, expected] of cases) assert.equal(parseDate(text), expected, JSON.stringify(text));
  });
  it('parseDates expands ranges and drops "circa" as before', () => {
    const cases: [string, string[]][] = [
      ['1960 to 1962', ['1960', '1961', '1962']],
      ['1960-1962', ['1960', '1961', '1962']],
      ['1960 – 1962', ['1960', '1961', '1962']],
      ['circa 1960', ['1960']],
      ['approx. 1960', ['1960']],
      ['ca. 1960', ['1960']],
      ['1960 to 1990', []],
      ['1962 to 1960', []],
      ['30 Aug 1987', ['1987-08-30']],
      ['Aug 1987', ['1987-08']],
      ['unknown', []],
      ['', []],
    ];
    for (const [text, expected] of cases) assert.deepEqual(parseDates(text), expected, JSON.stringify(text));
  });
  it('isoDate builds prefixes and refuses impossible parts as before', () => {
    assert.equal(isoDate(1987), '1987');
    assert.equal(isoDate(1987, 8), '1987-08');
    assert.equal(isoDate(1987, 8, 3), '1987-08-03');
    assert.equal(isoDate(1990, 2, 29), undefined);
    assert.equal(isoDate(999), undefined);
    assert.equal(isoDate(1987, 0), undefined);
  });
  it('parseQueryDate agrees with parseDate wherever parseDate reads an unambiguous date', () => {
    for (const text of ['1987-08-30', '1987-08', '1987', '30/08/1987', '30.8.1987', '30-08-1987', '08/1987', '30 Aug 1987', 'August 1987', '30 Sept. 1987']) {
      assert.equal(valueOf(text), parseDate(text), text);
    }
  });
});
