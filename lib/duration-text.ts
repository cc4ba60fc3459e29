/** Human-readable seconds for messages and PromQL ranges: 600 -> "10m", 5400 -> "1h30m". */
export function durationText(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
