import { words } from './text.js';

// The piece of a note shown under a search hit: the first word that matches what was typed,
// with some text either side, cut at word boundaries. Matching folds exactly as the index
// does (main/core/text.ts), so "sourdough" lights up "Sourdough" and "Crème" lights up for
// "creme". The snippet is cut from the stored text itself: the index holds only folded words.

export interface Snippet {
  /** Text before the match; starts with "…" when the note was cut there. */
  before: string;
  /** The matching word as written. */
  match: string;
  /** Text after the match; ends with "…" when the note was cut there. */
  after: string;
}

// A word as written: letters, marks, digits and the apostrophes words() joins on.
const WORD_RUN = /[\p{L}\p{M}\p{N}'’`´]+/gu;

const flat = (text: string) => text.replace(/\s+/g, ' ');

function cutBefore(text: string, context: number): string {
  if (text.length <= context) return text;
  const tail = text.slice(text.length - context);
  const space = tail.indexOf(' ');
  return `…${space >= 0 && space < tail.length - 1 ? tail.slice(space + 1) : tail}`;
}

function cutAfter(text: string, context: number): string {
  if (text.length <= context) return text;
  const head = text.slice(0, context);
  const space = head.lastIndexOf(' ');
  return `${space > 0 ? head.slice(0, space) : head}…`;
}

/**
 * The first word of `text` one of whose folded words starts with one of `tokens` (folded
 * query words), with about `context` characters either side; null when nothing matches.
 */
export function snippetOf(text: string, tokens: readonly string[], context = 40): Snippet | null {
  const source = flat(text.trim());
  for (const run of source.matchAll(WORD_RUN)) {
    const folded = words(run[0]);
    if (!folded.some((w) => tokens.some((t) => w.startsWith(t)))) continue;
    const start = run.index;
    const end = start + run[0].length;
    return {
      before: cutBefore(source.slice(0, start), context),
      match: run[0],
      after: cutAfter(source.slice(end), context),
    };
  }
  return null;
}

/** The start of a text, for a hit whose match is not in it (it should not happen). */
export function openingOf(text: string, context = 80): Snippet {
  return { before: '', match: '', after: cutAfter(flat(text.trim()), context) };
}
