// What the `persist` tests share: storage keys of their own, and the warnings `persist` writes.

/** A storage key no other test uses, so entries of one test never show in another. */
export function uniquePersistKey(name: string): string {
  return `test-${name}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Counts the console warnings about `persist` while the test runs; the text still reaches the console. */
export function watchPersistWarnings(): { texts: string[]; stop(): void } {
  const original = console.warn;
  const texts: string[] = [];
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (text.includes('persist')) texts.push(text);
    original.apply(console, args);
  };
  return { texts, stop: () => (console.warn = original) };
}
