// The console warnings of `persist`: each distinct one once per page, however many connections and
// charts run into it, so a problem with the device's storage is said once, not once per element.
const warned = new Set<string>();

export function warnOnce(source: string, text: string): void {
  if (warned.has(text)) return;
  warned.add(text);
  console.warn(`${source}: ${text}`);
}
