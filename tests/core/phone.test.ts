import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../main/core/phone.js';

// Phone numbers are read in the shop's country (its national format) and, whatever the
// country, in international form (+32…, 0032…).

describe('reading a phone number in the shop\'s country', () => {
  it('reads a Belgian mobile in a Belgian shop, and not in a Dutch one', () => {
    expect(normalisePhone('0470 12 34 56', 'BE')).toEqual({ e164: '+32470123456', nationalDigits: '0470123456', internationalDigits: '32470123456' });
    expect(normalisePhone('0470/12.34.56', 'BE')?.e164).toBe('+32470123456');
    expect(normalisePhone('0470 12 34 56', 'NL')).toBeNull();
  });

  it('reads a German number in a German shop', () => {
    expect(normalisePhone('030 1234567', 'DE')).toEqual({ e164: '+49301234567', nationalDigits: '0301234567', internationalDigits: '49301234567' });
    expect(normalisePhone('0151 23456789', 'DE')?.e164).toBe('+4915123456789');
  });

  it('reads international numbers in any shop, written with + or 00', () => {
    for (const country of ['NL', 'BE', 'DE'] as const) {
      expect(normalisePhone('+32 470 12 34 56', country)?.e164).toBe('+32470123456');
      expect(normalisePhone('0032 470 12 34 56', country)?.e164).toBe('+32470123456');
      expect(normalisePhone('+31 (0)6 1234 5678', country)?.e164).toBe('+31612345678');
      expect(normalisePhone('0031612345678', country)?.nationalDigits).toBe('0612345678');
    }
  });

  it('still reads Dutch numbers in a Dutch shop, as before', () => {
    expect(normalisePhone('06-12345678', 'NL')).toEqual({ e164: '+31612345678', nationalDigits: '0612345678', internationalDigits: '31612345678' });
    expect(normalisePhone('06-12345678')?.e164).toBe('+31612345678');
    expect(normalisePhone('(020) 123 45 67', 'NL')?.e164).toBe('+31201234567');
  });
});
