// What a thermal printer can print: one byte per character from the selected code page.
// Text is brought into the page before it is laid out, so the preview shows exactly what
// the paper will: "Yılmaz" becomes "Yilmaz" in PC858 (which has no dotless i), “quotes”
// become "quotes", and a letter no page knows becomes "?", never a wrong byte.

/** The pages the printer settings offer (settings/schema.ts CHARACTER_SETS; a test keeps them equal). */
export type CharacterSet = 'PC858_EURO' | 'PC437_USA' | 'PC850_MULTILINGUAL' | 'WPC1252';

// Bytes 0x80–0xFF of each page, in order (checked against iconv-lite in the tests).
// \ufffd marks a byte the page leaves undefined.
const HIGH_HALF: Record<CharacterSet, string> = {
  PC437_USA:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
  PC850_MULTILINGUAL:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  PC858_EURO:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  WPC1252:
    '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ',
};

/** The code page's upper half, byte 0x80 first: for tests and the ESC/POS decoder. */
export function highHalf(set: CharacterSet): string {
  return HIGH_HALF[set];
}

const printableSets = new Map<CharacterSet, Set<string>>();

function printableSet(set: CharacterSet): Set<string> {
  let chars = printableSets.get(set);
  if (!chars) {
    chars = new Set<string>();
    for (let code = 0x20; code < 0x7f; code++) chars.add(String.fromCharCode(code));
    // No-break space and soft hyphen print as nothing useful: they are mapped below.
    for (const ch of HIGH_HALF[set]) if (ch !== '\ufffd' && ch !== '\u00a0' && ch !== '\u00ad') chars.add(ch);
    printableSets.set(set, chars);
  }
  return chars;
}

export function canPrint(ch: string, set: CharacterSet): boolean {
  return printableSet(set).has(ch);
}

// Tried when a character is not in the page; each replacement is itself plain or folded.
const FALLBACK: Record<string, string> = {
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"', '«': '"', '»': '"', '‹': "'", '›': "'",
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '´': "'", 'ʼ': "'",
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '…': '...', '•': '*', '·': '.', '∙': '.', '×': 'x', '÷': ':',
  '€': 'EUR ', '©': '(c)', '®': '(R)', '™': 'TM', '°': 'o', '½': '1/2', '¼': '1/4', '¾': '3/4',
  ı: 'i', İ: 'I', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th',
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ĳ: 'ij', Ĳ: 'IJ',
  ŀ: 'l', Ŀ: 'L', ħ: 'h', Ħ: 'H', ŋ: 'ng', Ŋ: 'NG', ſ: 's', ƒ: 'f',
  '█': '#', '░': '-', '■': '#',
};

const SPACES = /[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]|\p{Cc}|\p{Cs}|\p{Co}|\p{Cn}/u;
// Combining marks left over after NFC (variation selectors, joiners) go with the emoji.
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{M}|[\u{1f3fb}-\u{1f3ff}\u{e0000}-\u{e007f}]/u;

function fallback(ch: string, set: CharacterSet): string {
  const mapped = FALLBACK[ch];
  if (mapped !== undefined && [...mapped].every((c) => canPrint(c, set))) return mapped;
  // A letter with marks the page lacks: the bare letter ("ş" → "s", "ő" → "o").
  const bare = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  if (bare !== '' && bare !== ch && [...bare].every((c) => canPrint(c, set))) return bare;
  if (mapped !== undefined) return [...mapped].map((c) => (canPrint(c, set) ? c : fallback(c, set))).join('');
  return '?';
}

/**
 * The text as the printer's code page can show it, one character per column. Control
 * characters (which would be printer commands) become spaces; invisible ones go.
 */
export function printable(text: string, set: CharacterSet): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (canPrint(ch, set)) out += ch;
    else if (SPACES.test(ch)) out += ' ';
    else if (INVISIBLE.test(ch)) {
      // C0/C1 controls would be printer commands: a space keeps words apart.
      if (/\p{Cc}/u.test(ch)) out += ' ';
    } else if (PICTOGRAPH.test(ch)) {
      // Emoji and stray combining marks have no place on a slip.
    } else out += fallback(ch, set);
  }
  return out;
}
