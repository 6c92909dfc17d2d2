import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv, sniffSeparator } from '../../main/core/csv/parse.js';
import { csvCell, csvDocument, type CsvSeparator } from '../../main/core/csv/write.js';

// Reading CSV as spreadsheets write it, and exactly what our own writer wrote.

describe('parseCsv', () => {
  it('reads a Dutch Excel file: BOM, semicolons, CRLF, quoted cells with separators, quotes and line breaks', () => {
    const text = '\uFEFFNaam;Adres;Notitie\r\n"Jansen; Piet";"Dorpsstraat 1\r\n1234 AB Ede";"Zegt ""hoi"""\r\nJosé;;\r\n';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      rows: [
        ['Naam', 'Adres', 'Notitie'],
        ['Jansen; Piet', 'Dorpsstraat 1\r\n1234 AB Ede', 'Zegt "hoi"'],
        ['José', '', ''],
      ],
      separator: ';',
      bom: true,
      unterminatedQuote: false,
    });
  });

  it('takes LF and old Mac CR line ends, and keeps empty lines as empty rows', () => {
    expect(parseCsv('a,b\nc,d\n\ne,f').rows).toEqual([['a', 'b'], ['c', 'd'], [''], ['e', 'f']]);
    expect(parseCsv('a;b\rc;d\r').rows).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('honours Excel’s sep= line and an explicit separator', () => {
    expect(parseCsv('sep=,\r\nName;Town,City\r\nPiet;Ede,Ede\r\n')).toMatchObject({ separator: ',', rows: [['Name;Town', 'City'], ['Piet;Ede', 'Ede']] });
    expect(parseCsv('a;b,c', { separator: ',' }).rows).toEqual([['a;b', 'c']]);
  });

  it('is lenient like a spreadsheet: stray quotes stay, an unclosed quote takes the rest and is flagged', () => {
    expect(parseCsv('a,b\n5" screen,"x"y\n').rows).toEqual([['a', 'b'], ['5" screen', 'xy']]);
    const cut = parseCsv('a,b\n1,"half\nway');
    expect(cut.rows).toEqual([['a', 'b'], ['1', 'half\nway']]);
    expect(cut.unterminatedQuote).toBe(true);
  });

  it('keeps a trailing separator as one more empty cell', () => {
    expect(parseCsv('a;b;\r\n1;2;\r\n').rows).toEqual([['a', 'b', ''], ['1', '2', '']]);
  });
});

describe('sniffSeparator', () => {
  it('picks the separator that splits every line like the header', () => {
    expect(sniffSeparator('Naam;Telefoon\r\nJansen, Piet;06-12345678\r\nBerg, Jan van den;020-1234567')).toBe(';');
    expect(sniffSeparator('First Name,Last Name,Phone\nPiet,Jansen,06-1\n')).toBe(',');
    expect(sniffSeparator('Naam\tPlaats\nPiet\tEde\n')).toBe('\t');
    expect(sniffSeparator('"Jansen; Piet",Ede\n"Berg; Jan",Ede\n')).toBe(',');
    expect(sniffSeparator('Name\nPiet\n')).toBe(',');
  });
});

// Cells the writer would guard against formulas come back with the guard's apostrophe.
const plainCell = fc.string({ unit: fc.constantFrom('a', 'é', 'Ü', ' ', ';', ',', '"', '\n', '\r', '\t', 'x', '1', '€', '😀', '=', '-') })
  .filter((s) => !/^[=+\-@\t\r]/.test(s));

describe('parseCsv against csvDocument', () => {
  for (const separator of [';', ','] as CsvSeparator[]) {
    it(`reads back every document the writer writes with “${separator}”`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }).chain((width) =>
            fc.tuple(
              fc.array(plainCell, { minLength: width, maxLength: width }),
              fc.array(fc.array(plainCell, { minLength: width, maxLength: width }), { maxLength: 8 }),
            ),
          ),
          ([header, rows]) => {
            // A one-cell empty row at the very end is the same text as no row (CRLF at the end).
            fc.pre(!(header.length === 1 && rows.length > 0 && rows[rows.length - 1]![0] === ''));
            const parsed = parseCsv(csvDocument(header, rows, separator), { separator });
            expect(parsed.bom).toBe(true);
            expect(parsed.rows).toEqual([header, ...rows]);
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('sniffs the writer’s separator when cells are consistent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CsvSeparator>(';', ','),
        fc.array(fc.stringMatching(/^[A-Za-zé ]{1,8}$/), { minLength: 2, maxLength: 5 }),
        (separator, header) => {
          expect(parseCsv(csvDocument(header, [header], separator)).separator).toBe(separator);
        },
      ),
    );
  });

  it('returns the formula guard’s apostrophe as part of the cell', () => {
    expect(parseCsv(csvDocument(['a'], [['=SUM(A1)']], ';')).rows[1]).toEqual([csvCell('=SUM(A1)', ';')]);
  });
});
