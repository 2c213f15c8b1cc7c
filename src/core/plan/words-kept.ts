/**
 * The share of `before`'s words (each counted by `weight`) that `after` still has, from 0 to 1;
 * 0 when `before` has none. Unlike a similarity it does not fall as `after` grows: a title
 * reworded with more detail ("Add CSV export in src/report/export.ts" → "Add CSV and TSV
 * export, with a header row, in src/report/export.ts") keeps every word of the old one, while a
 * rewritten one ("Create the user model" → "Configure the payment gateway") keeps a word every
 * title has.
 */
export function wordsKept(before: ReadonlySet<string>, after: ReadonlySet<string>, weight: (word: string) => number): number {
  let kept = 0;
  let total = 0;
  for (const word of before) {
    const w = weight(word);
    total += w;
    if (after.has(word)) kept += w;
  }
  return total === 0 ? 0 : kept / total;
}
