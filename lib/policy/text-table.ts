/**
 * Fixed-width text tables for terminals and error messages. Cells wrap at word boundaries (long
 * unbroken words such as paths are cut) so that a table stays readable at a bounded width.
 */

export interface Column {
  readonly header: string;
  /** Wrap width; a column is never wider than this nor than its widest line. */
  readonly maxWidth: number;
}

export function renderTextTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const wrapped = rows.map((row) => columns.map((column, index) => wrap(row[index] ?? '', column.maxWidth)));
  // Loops, not Math.max(...rows): spreading 130k+ rows as arguments overflows the stack.
  const widths = columns.map((column) => column.header.length);
  for (const row of wrapped) {
    row.forEach((cell, index) => {
      for (const cellLine of cell) widths[index] = Math.max(widths[index], cellLine.length);
    });
  }
  const line = (cells: readonly string[]): string => cells.map((cell, index) => cell.padEnd(widths[index])).join(' | ').trimEnd();
  const separator = widths.map((width) => '-'.repeat(width)).join('-+-');
  const body = wrapped.flatMap((row) => {
    const height = Math.max(...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, lineIndex) => line(row.map((cell) => cell[lineIndex] ?? '')));
  });
  return [line(columns.map((column) => column.header)), separator, ...body].join('\n');
}

/** Splits `text` into lines of at most `width` characters, breaking at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    let rest = word;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    current = rest;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
