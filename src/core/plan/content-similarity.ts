import type { ContentPrint } from "./content-print.js";

/**
 * How much each part weighs in the similarity. The title says most about which work a task
 * is; checklist items come next (they are what people tick); the parent tells apart two
 * same-titled tasks of different groups (`1.3 Write tests` under "Database", `2.3 Write tests`
 * under "API"); the description is often empty or boilerplate.
 */
export const SIMILARITY_WEIGHTS = { title: 0.45, items: 0.3, parent: 0.15, description: 0.1 } as const;

/**
 * How alike two tasks are, from 0 (nothing in common) to 1 (the same title, items, parent and
 * description): the weighted mean of the Sørensen–Dice coefficient of each part's words
 * (items: of their keys), over the parts that at least one side has. Words, not characters:
 * "Write test for X" and "Write test for Y" differ by a word that names other work. With
 * `wordWeight`, title words count by that weight (the matching gives rare words more: in a
 * list of "Implement module 12 of src", the number is what tells two tasks apart).
 */
export function contentSimilarity(a: ContentPrint, b: ContentPrint, wordWeight?: (word: string) => number): number {
  let sum = SIMILARITY_WEIGHTS.title * (a.title === b.title ? 1 : dice(a.titleWords, b.titleWords, wordWeight));
  let weight: number = SIMILARITY_WEIGHTS.title;
  const part = (w: number, x: ReadonlySet<string> | null, y: ReadonlySet<string> | null) => {
    if ((x === null || x.size === 0) && (y === null || y.size === 0)) return;
    sum += w * dice(x ?? EMPTY, y ?? EMPTY);
    weight += w;
  };
  part(SIMILARITY_WEIGHTS.items, a.items, b.items);
  part(SIMILARITY_WEIGHTS.parent, a.parentWords, b.parentWords);
  part(SIMILARITY_WEIGHTS.description, a.descriptionWords, b.descriptionWords);
  return sum / weight;
}

const EMPTY: ReadonlySet<string> = new Set();

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (word: string) => number = one): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared += weight(word);
  let total = 0;
  for (const word of a) total += weight(word);
  for (const word of b) total += weight(word);
  return total === 0 ? 0 : (2 * shared) / total;
}

const one = () => 1;
