/** Parses newline-delimited JSON, skipping blank lines; a malformed line throws with its line number. */
export function parseNdjson<T>(text: string): T[] {
  const items: T[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      items.push(JSON.parse(trimmed) as T);
    } catch {
      throw new Error(`Malformed NDJSON at line ${index + 1}`);
    }
  });
  return items;
}
