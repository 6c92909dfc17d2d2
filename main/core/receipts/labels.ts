import type { Unit } from '../loyalty/rules.js';
import type { ReceiptKind } from './types.js';

// The words on a slip, in the app's language. Small on purpose: the renderer has its own
// catalogue; these are only what the paper says.

export type ReceiptLanguage = 'nl' | 'en';

interface Labels {
  title: Record<ReceiptKind, string>;
  customer: string;
  card: string;
  purchase: string;
  visit: string;
  earned: string;
  balance: string;
  redeemed: string;
  reward: string;
  code: string;
  codeHint: string;
  memberWelcome: string;
  memberHint: string;
  birthday: string;
  welcomeBack: string;
  testCharacters: string;
  testWidth: (columns: number) => string;
  testBarcodes: string;
  testWorks: string;
  unit: (unit: Unit, n: number) => string;
  toGo: (count: string, units: string, name: string) => string;
  ready: (name: string) => string;
}

const nl: Labels = {
  title: { loyalty: 'Spaarbon', redemption: 'Inwisselbon', member_card: 'Uw klantenkaart', test: 'Testpagina' },
  customer: 'Klant',
  card: 'Kaart',
  purchase: 'Aankoop',
  visit: 'Bezoek',
  earned: 'Gespaard',
  balance: 'Nieuw saldo',
  redeemed: 'Ingewisseld',
  reward: 'Beloning',
  code: 'Code',
  codeHint: 'Noteer deze code op de kassabon.',
  memberWelcome: 'Welkom bij ons spaarprogramma!',
  memberHint: 'Laat deze kaart zien bij elke aankoop.',
  birthday: 'Gefeliciteerd met uw verjaardag!',
  welcomeBack: 'Welkom terug!',
  testCharacters: 'Tekens',
  testWidth: (columns) => `${columns} tekens per regel:`,
  testBarcodes: 'Streepjescode en QR-code:',
  testWorks: 'Kunt u dit lezen, dan werkt de printer.',
  unit: (unit, n) => (unit === 'stamps' ? (n === 1 ? 'stempel' : 'stempels') : n === 1 ? 'punt' : 'punten'),
  toGo: (count, units, name) => `Nog ${count} ${units} tot ${name}`,
  ready: (name) => `${name}: nu in te wisselen!`,
};

const en: Labels = {
  title: { loyalty: 'Loyalty receipt', redemption: 'Reward voucher', member_card: 'Your loyalty card', test: 'Test page' },
  customer: 'Customer',
  card: 'Card',
  purchase: 'Purchase',
  visit: 'Visit',
  earned: 'Earned',
  balance: 'New balance',
  redeemed: 'Redeemed',
  reward: 'Reward',
  code: 'Code',
  codeHint: 'Write this code on the till receipt.',
  memberWelcome: 'Welcome to our loyalty programme!',
  memberHint: 'Show this card with every purchase.',
  birthday: 'Happy birthday!',
  welcomeBack: 'Welcome back!',
  testCharacters: 'Characters',
  testWidth: (columns) => `${columns} characters per line:`,
  testBarcodes: 'Barcode and QR code:',
  testWorks: 'If you can read this, the printer works.',
  unit: (unit, n) => (unit === 'stamps' ? (n === 1 ? 'stamp' : 'stamps') : n === 1 ? 'point' : 'points'),
  toGo: (count, units, name) => `${count} more ${units} to ${name}`,
  ready: (name) => `${name}: ready to redeem!`,
};

export function labels(language: ReceiptLanguage): Labels {
  return language === 'nl' ? nl : en;
}

function grouped(n: number, separator: string): string {
  return String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** 1250 → "1.250" (nl) / "1,250" (en). */
export function formatCount(n: number, language: ReceiptLanguage): string {
  return (n < 0 ? '-' : '') + grouped(n, language === 'nl' ? '.' : ',');
}

/** "12 stempels", "1 point". */
export function formatUnits(n: number, unit: Unit, language: ReceiptLanguage): string {
  return `${formatCount(n, language)} ${labels(language).unit(unit, Math.abs(n))}`;
}

/** 2350 → "€ 23,50" (nl) / "€23.50" (en). */
export function formatMoney(cents: number, language: ReceiptLanguage): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const euros = grouped(Math.floor(abs / 100), language === 'nl' ? '.' : ',');
  const rest = String(abs % 100).padStart(2, '0');
  return language === 'nl' ? `${sign}€ ${euros},${rest}` : `${sign}€${euros}.${rest}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Day-month-year and time, in the shop's local time: "25-11-2026 10:00" / "25/11/2026 10:00". */
export function formatDateTime(ms: number, language: ReceiptLanguage): string {
  const d = new Date(ms);
  const sep = language === 'nl' ? '-' : '/';
  return `${pad(d.getDate())}${sep}${pad(d.getMonth() + 1)}${sep}${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
