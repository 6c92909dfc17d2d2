// Card numbers are EAN-13 in the in-store range (prefix 2): any scanner reads them,
// and the check digit catches a mistyped number before it finds the wrong customer.

const PREFIX = '21';

export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const d = first12.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? d : d * 3;
  }
  return (10 - (sum % 10)) % 10;
}

export function isGeneratedCardNumber(value: string): boolean {
  return /^2\d{12}$/.test(value) && ean13CheckDigit(value.slice(0, 12)) === Number(value[12]);
}

/**
 * Thirteen digits whose last is the EAN-13 check digit of the others: what a scanner reads
 * off a card (it checks the digit itself). A number starting with 0 is left out: "0031…"
 * is how a Dutch phone number is written, and one in ten of those would pass the check.
 */
export function isEan13CardNumber(value: string): boolean {
  const text = value.trim();
  return /^[1-9]\d{12}$/.test(text) && ean13CheckDigit(text.slice(0, 12)) === Number(text[12]);
}

/** `random` returns an integer in [0, 10^10). */
export function generateCardNumber(random: () => number): string {
  const body = PREFIX + String(random()).padStart(10, '0').slice(-10);
  return body + String(ean13CheckDigit(body));
}

/** Shops may keep their own pre-printed cards: letters, digits and dashes, 4–32 long. */
export const CARD_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,30}[A-Z0-9]$/;

export function normaliseCardNumber(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, '');
}
