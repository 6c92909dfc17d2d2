// Money is integer cents everywhere. Amounts arrive as the shopkeeper typed them:
// "23,50" in Dutch, "23.50" in English, with or without € and thousands separators.

export const MAX_AMOUNT_CENTS = 100_000_00;

export type AmountProblem = 'invalid_amount' | 'amount_zero' | 'amount_negative' | 'amount_too_large';

export type ParsedAmount = { ok: true; cents: number } | { ok: false; problem: AmountProblem };

export function parseAmount(text: string, locale: 'nl' | 'en'): ParsedAmount {
  let s = text.trim().replace(/^€\s*|\s*€$/g, '').replace(/^eur\s*/i, '').replace(/\s+/g, '');
  if (s.startsWith('-') || s.startsWith('−')) return s.length > 1 ? { ok: false, problem: 'amount_negative' } : { ok: false, problem: 'invalid_amount' };
  s = s.replace(/^\+/, '');
  const decimal = locale === 'nl' ? ',' : '.';
  const group = locale === 'nl' ? '.' : ',';
  // Thousands separators only in their proper places: "1.234,50" but not "12.34,5".
  const pattern = new RegExp(
    `^(\\d{1,3}(\\${group}\\d{3})+|\\d+)(\\${decimal}(\\d{1,2}|-{1,2}))?$`,
  );
  const match = pattern.exec(s);
  if (!match) return { ok: false, problem: 'invalid_amount' };
  const euros = Number(match[1]!.split(group).join(''));
  const fraction = match[4] && /\d/.test(match[4]) ? match[4].padEnd(2, '0') : '00';
  const cents = euros * 100 + Number(fraction);
  if (!Number.isSafeInteger(cents)) return { ok: false, problem: 'amount_too_large' };
  if (cents === 0) return { ok: false, problem: 'amount_zero' };
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, problem: 'amount_too_large' };
  return { ok: true, cents };
}
