// CODE128, code set B, as bar and space widths: what the printer draws for GS k 73 "{B…",
// drawn again for system printers and PDFs. Each symbol is six widths, bar first.

const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232',
] as const;
const START_B = 104;
const STOP = '2331112';

/** The symbol values: start B, one per character (space to tilde), the checksum. */
export function code128Values(value: string): number[] {
  const codes = [START_B, ...[...value].map((ch) => {
    const code = ch.charCodeAt(0) - 32;
    return code >= 0 && code < 95 ? code : 31; // anything else as "?"
  })];
  const checksum = codes.reduce((sum, code, i) => sum + code * Math.max(1, i), 0) % 103;
  return [...codes, checksum];
}

/** Widths of bars and spaces in modules, alternating and starting with a bar; no quiet zones. */
export function code128Widths(value: string): number[] {
  return [...code128Values(value).flatMap((code) => [...PATTERNS[code]!]), ...STOP].map(Number);
}

/** For tests and checks: the pattern table itself. */
export const CODE128_PATTERNS: readonly string[] = PATTERNS;
