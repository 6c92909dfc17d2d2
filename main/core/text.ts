// Search folding: the counter must find "José" from "jose" and "Ünal" from "unal",
// so every name, query and index token goes through the same fold.

const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ĳ: 'ij',
};

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßøæœłđðþıĳ]/g, (ch) => EXTRA_FOLDS[ch] ?? ch);
}

/** Folded words of a text: apostrophes join ("d'Hondt" → "dhondt"), everything else splits. */
export function words(text: string): string[] {
  return fold(text)
    .replace(/['’`´]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Letters and digits only, for matching e-mail addresses typed in part ("jan.de@gm"). */
export function compact(text: string): string {
  return words(text).join('');
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}
