import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autoMap, detectSource, fieldForHeader } from '../../main/core/exchange/automap.js';
import { formatBirthday, parseDate, sniffDateOrder } from '../../main/core/exchange/dates.js';
import { splitFullName } from '../../main/core/exchange/names.js';
import { cleanCell, parseChannel, parseCount, parseLanguage, parseYesNo, splitPhones } from '../../main/core/exchange/values.js';
import { formatCents } from '../../main/core/exchange/labels.js';

// How the importer reads what people put in spreadsheets.

const dmy = { order: 'dmy' as const, currentYear: 2026 };

describe('birthdays', () => {
  it('reads Dutch and English ways of writing one date', () => {
    for (const text of [
      '3-2-1985', '03-02-85', '3/2/1985', '3.2.1985', '03 02 1985', '3 februari 1985', '3 feb. 1985', '3 Feb \'85', '3 FEBRUARI 1985',
      '1985-02-03', '1985-2-3', '1985-02-03 00:00:00', '1985-02-03T00:00:00Z', '3rd February 1985', 'February 3, 1985', 'zondag 3 februari 1985',
    ]) {
      expect(parseDate(text, dmy), text).toEqual({ day: 3, month: 2, year: 1985 });
    }
  });

  it('reads a birthday without a year, 29 February included', () => {
    expect(parseDate('3-2', dmy)).toEqual({ day: 3, month: 2, year: null });
    expect(parseDate('3 februari', dmy)).toEqual({ day: 3, month: 2, year: null });
    expect(parseDate('--02-29', dmy)).toEqual({ day: 29, month: 2, year: null });
    expect(parseDate('29 feb', dmy)).toEqual({ day: 29, month: 2, year: null });
  });

  it('puts two-digit years in the century that keeps them out of the future', () => {
    expect(parseDate('03-02-85', dmy)!.year).toBe(1985);
    expect(parseDate('03-02-26', dmy)!.year).toBe(2026);
    expect(parseDate('03-02-27', dmy)!.year).toBe(1927);
  });

  it('reads month first when the file is in that order', () => {
    expect(parseDate('12-25-1990', { order: 'mdy', currentYear: 2026 })).toEqual({ day: 25, month: 12, year: 1990 });
    expect(parseDate('12-25-1990', dmy)).toBeNull();
    expect(sniffDateOrder(['3-2-1985', '25-12-1990'])).toBe('dmy');
    expect(sniffDateOrder(['12-25-1990', '1-2-2000'])).toBe('mdy');
    expect(sniffDateOrder(['1-2-2000', '1985-02-03'])).toBeNull();
    expect(sniffDateOrder(['25-12-1990', '12-25-1990'])).toBeNull();
  });

  it('refuses dates that do not exist or are not dates', () => {
    for (const text of ['31-02-1990', '29-02-1985', '0-1-1990', '1-13-1990', '1-1-1850', 'abc', '3 brumaire 1985', '1985', '12345', '3 constructor 1985']) {
      expect(parseDate(text, dmy), text).toBeNull();
    }
  });

  it('writes a birthday back in a form it reads', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.boolean(),
      (year, month, day, withYear) => {
        const date = { day, month, year: withYear ? year : null };
        expect(parseDate(formatBirthday(date), dmy)).toEqual(date);
      }));
  });
});

describe('names', () => {
  it('splits a whole name into given name, tussenvoegsel and family name', () => {
    expect(splitFullName('José van den Berg')).toEqual({ givenName: 'José', namePrefix: 'van den', familyName: 'Berg' });
    expect(splitFullName("Henk in 't Veld")).toEqual({ givenName: 'Henk', namePrefix: "in 't", familyName: 'Veld' });
    expect(splitFullName('Anna Maria Jansen')).toEqual({ givenName: 'Anna Maria', namePrefix: '', familyName: 'Jansen' });
    expect(splitFullName('Piet')).toEqual({ givenName: 'Piet', namePrefix: '', familyName: '' });
    expect(splitFullName('  Ünal   Yılmaz ')).toEqual({ givenName: 'Ünal', namePrefix: '', familyName: 'Yılmaz' });
    expect(splitFullName('Fatima el Amrani')).toEqual({ givenName: 'Fatima', namePrefix: 'el', familyName: 'Amrani' });
  });

  it('reads names written family name first, as registers sort them', () => {
    expect(splitFullName('Berg, Jan van den')).toEqual({ givenName: 'Jan', namePrefix: 'van den', familyName: 'Berg' });
    expect(splitFullName('van den Berg, Jan')).toEqual({ givenName: 'Jan', namePrefix: 'van den', familyName: 'Berg' });
    expect(splitFullName('Jansen, Piet')).toEqual({ givenName: 'Piet', namePrefix: '', familyName: 'Jansen' });
  });
});

describe('cell values', () => {
  it('reads yes and no in Dutch, English and Square’s subscription words', () => {
    expect(['ja', 'Ja', 'yes', 'Y', 'x', '1', 'true', 'Subscribed', '✓'].map(parseYesNo)).toEqual(Array(9).fill(true));
    expect(['nee', 'No', 'n', '0', 'false', 'Unsubscribed', 'Unknown', ''].map(parseYesNo)).toEqual(Array(8).fill(false));
    expect(parseYesNo('misschien')).toBeNull();
  });

  it('reads channels and languages as the exports write them', () => {
    expect(['Telefoon', 'WhatsApp', 'SMS', 'E-mail', 'In de winkel', 'in person', 'email'].map(parseChannel))
      .toEqual(['phone', 'whatsapp', 'sms', 'email', 'in_person', 'in_person', 'email']);
    expect([parseChannel('postduif'), parseChannel('constructor'), parseLanguage('toString')]).toEqual([null, null, null]);
    expect(['Nederlands', 'Engels', 'Duits', 'Frans', 'nl', 'English', 'Deutsch'].map(parseLanguage)).toEqual(['nl', 'en', 'de', 'fr', 'nl', 'en', 'de']);
  });

  it('reads whole counts the way spreadsheets show them, and nothing else', () => {
    expect(['12', '12,00', '12.0', '1.250', '1,250', ' 7 '].map(parseCount)).toEqual([12, 12, 12, 1250, 1250, 7]);
    expect(['12,5', '-3', 'abc', '1.2.3', ''].map(parseCount)).toEqual([null, null, null, null, null]);
  });

  it('takes off the formula guard our exports put in, and splits several phones in one cell', () => {
    expect(cleanCell("'=Hack()")).toBe('=Hack()');
    expect(cleanCell("'t Hoekje")).toBe("'t Hoekje");
    expect(splitPhones('06-12345678, 020-1234567')).toEqual(['06-12345678', '020-1234567']);
    expect(splitPhones('06-12345678 of +32 470 12 34 56')).toEqual(['06-12345678', '+32 470 12 34 56']);
    expect(splitPhones('(020) 123 45 67')).toEqual(['(020) 123 45 67']);
  });

  it('writes cents as the spreadsheet’s decimal', () => {
    expect([formatCents(1250, ';'), formatCents(1250, ','), formatCents(-5, ';'), formatCents(0, ',')]).toEqual(['12,50', '12.50', '-0,05', '0.00']);
  });
});

describe('column mapping', () => {
  it('knows headers in Dutch and English, numbered ones too', () => {
    expect(['Voornaam', 'Achternaam', 'tussenvoegsel', 'E-mailadres', 'Telefoon 2', 'Mobile Phone', 'Street Address 1', 'Postcode', 'Woonplaats',
      'Geboortedatum', 'Klantenkaart', 'Spaarpunten', 'Land', 'Total spent'].map(fieldForHeader)).toEqual([
      'givenName', 'familyName', 'namePrefix', 'email', 'phone', 'phone', 'street', 'postalCode', 'city', 'birthday', 'cardNumber', 'balance', null, null,
    ]);
  });

  it('gives a field to one column only, except phones, street parts, tags and notes', () => {
    expect(autoMap(['Naam', 'Voornaam', 'Achternaam', 'E-mail', 'Email', 'Straat', 'Huisnummer', 'Telefoon', 'Mobiel']))
      .toEqual([null, 'givenName', 'familyName', 'email', null, 'street', 'street', 'phone', 'phone']);
    expect(autoMap(['Naam', 'Telefoon'])).toEqual(['fullName', 'phone']);
  });

  it('recognises the exports of other systems', () => {
    expect(detectSource(['Reference ID', 'First Name', 'Last Name', 'Email Address'])).toBe('square');
    expect(detectSource(['Customer name', 'Email', 'Phone', 'Customer code', 'Points balance'])).toBe('loyverse');
    expect(detectSource(['ID', 'Voornaam', 'Tussenvoegsel', 'Achternaam', 'Kaartnummer'])).toBe('counterpart');
    expect(detectSource(['Naam', 'Telefoon'])).toBe('spreadsheet');
  });
});
