/** Small, safe builders for PromQL text: quoting, label matchers, regex escaping. */

/** A PromQL string literal (Go syntax; JSON's escapes are a subset of it). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `value` as a regular expression matching exactly that text. */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A label matcher list: `{a="x", b=~"y"}` from `{ a: 'x' }` and `{ b: 'y' }` (regexes unanchored by us: PromQL anchors them). */
export function matchers(equal: Record<string, string>, regex: Record<string, string> = {}, notEqual: Record<string, string> = {}): string {
  const parts = [
    ...Object.entries(equal).map(([k, v]) => `${k}=${quote(v)}`),
    ...Object.entries(regex).map(([k, v]) => `${k}=~${quote(v)}`),
    ...Object.entries(notEqual).map(([k, v]) => `${k}!=${quote(v)}`),
  ];
  return `{${parts.join(', ')}}`;
}
