/* eslint-disable no-control-regex -- finding control characters is what this file is for */
// Characters no text of ours may hold: C0 controls, DEL, C1 controls (U+0080–U+009F), lone
// surrogates (half a character: no UTF-8 for them) and the noncharacters U+FFFE/U+FFFF. A NUL
// cuts SQLite's length() short, so the archive's CHECKs would refuse it as an internal error;
// the others are invisible, break files and printers, and nobody means to type them.
// TAB and LF are a multi-line text's own (a note); one-line text (a name, a label) has neither.

/** Everything refused in one-line text (and in a multi-line text: all but TAB and LF). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/u;
const CONTROL_BUT_TAB_LF = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/u;
/** What a written file must not hold; TAB, LF and CR stay (a CSV cell quotes them). */
const UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/gu;
const CONTROL_ALL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/gu;

/** One-line text (names, titles, labels): no control character at all, tabs and line breaks included. */
export const isLineText = (text: string): boolean => !CONTROL.test(text);

/** Multi-line text (a note), after normaliseLineEnds: TAB and LF, but no other control character. */
export const isMultilineText = (text: string): boolean => !CONTROL_BUT_TAB_LF.test(text);

/** CRLF (Windows) and a lone CR (old Mac) as LF. */
export const normaliseLineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * For what is written out (CSV exports): control characters left out, a lone surrogate as
 * U+FFFD. An archive written before the boundary refused them may still hold some.
 */
export const writableText = (text: string): string =>
  text.replace(UNWRITABLE, (ch) => (ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF' ? '\uFFFD' : ''));

/** For what is only looked up, never stored (a search, a scanned card): each control character a space. */
export const spacedControls = (text: string): string => text.replace(CONTROL_ALL, ' ');

/** Control characters shown as U+FFFD, for telling someone where one is (an import's report). */
export const markedControls = (text: string): string => text.replace(CONTROL_ALL, '\uFFFD');

/** Every string inside a JSON-like value through `fn` (for reading back what was stored before these rules). */
export function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}
