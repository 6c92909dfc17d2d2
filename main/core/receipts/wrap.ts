// Fitting text to the paper: words wrap, a word longer than the line is cut, and
// nothing ever runs past the last column. Widths count characters, which is right once
// text has been through printable() (one byte, one column).

/** Lines of at most `width` characters; whitespace runs collapse to one space. */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length <= max) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (line.length > max) {
      lines.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The text's own lines (a header may hold an address over three), blank ones dropped. */
export function paragraphs(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Label left, value right on one line; the value moves to its own line when both do not fit. */
export function leftRight(label: string, value: string, width: number): { left: string[]; right: string | null } {
  if (label.length + 1 + value.length <= width) {
    return { left: [label + ' '.repeat(width - label.length - value.length) + value], right: null };
  }
  return { left: wrap(label, width), right: value.length <= width ? value : value.slice(0, width) };
}
