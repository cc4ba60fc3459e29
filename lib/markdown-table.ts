/** GitHub Markdown tables, shared by the policy report (dist/reports/) and `npm run diff`. */

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Table cells are one line, and `|` ends a cell even inside code spans. */
export function escapeCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A code span for a table cell; a backtick inside would end it early, so it becomes `'`. */
export function codeCell(text: string): string {
  return `\`${escapeCell(text).replace(/`/g, "'")}\``;
}
