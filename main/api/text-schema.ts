import { z } from 'zod';
import type { FieldErrorCode } from './errors.js';
import { isLineText, isMultilineText, normaliseLineEnds, spacedControls } from '../core/stored-text.js';

// Every free-text field of the contract is one of these, so that text the archive cannot
// hold (a control character, a lone surrogate: main/core/stored-text.ts) is refused at the
// boundary with a field error (`invalid_characters`), never left to SQLite's CHECKs.
// Identifier-like strings (ids, dates, enum values, generated names) keep their own schemas.

export interface TextOptions {
  /** The code when it is not a string at all (left out, null); 'invalid' unless said. */
  missing?: FieldErrorCode;
  /** Trim spaces at either end (the default); false keeps them as typed. */
  trim?: boolean;
}

const base = (max: number, { missing = 'invalid', trim = true }: TextOptions, lines?: (text: string) => string) => {
  const text = lines ? z.string({ error: missing }).overwrite(lines) : z.string({ error: missing });
  return (trim ? text.trim() : text).max(max, { error: 'too_long' });
};

/** One line (a name, a title, a label): at most `max`, trimmed; no control characters, tabs or line breaks. */
export const lineText = (max: number, options: TextOptions = {}) =>
  base(max, options).refine(isLineText, { error: 'invalid_characters' });

/** Text over several lines (a note): CRLF and CR as LF, at most `max`, trimmed; TAB and LF, but no other control character. */
export const multilineText = (max: number, options: TextOptions = {}) =>
  base(max, options, normaliseLineEnds).refine(isMultilineText, { error: 'invalid_characters' });

/**
 * What is typed (or scanned) to look something up and never stored: each control character
 * becomes a space instead of an error (a scanner may send a GS or a tab). Not trimmed.
 */
export const queryText = (max: number) =>
  z.string({ error: 'invalid' }).max(max, { error: 'too_long' }).overwrite(spacedControls);
