/** Task documents as people write them, built from titles, for the identity tests. */

/** A spec-kit tasks.md: `- [ ] T0nn Title`, numbered from `first`; titles in `done` ticked. */
export function specKit(titles: string[], first = 1, done: ReadonlySet<string> = new Set()): string {
  const lines = titles.map((title, i) => `- [${done.has(title) ? "x" : " "}] T${String(first + i).padStart(3, "0")} ${title}`);
  return `# Tasks: Feature\n\n## Phase 1: Setup\n\n${lines.join("\n")}\n`;
}

/** An OpenSpec tasks.md: `## n. Group` with `- [ ] n.m Item` children (all ticked with `ticked`). */
export function openSpec(groups: [string, string[]][], ticked = false): string {
  const box = ticked ? "x" : " ";
  return groups
    .map(([group, items], g) => [`## ${g + 1}. ${group}`, ...items.map((item, i) => `- [${box}] ${g + 1}.${i + 1} ${item}`)].join("\n"))
    .join("\n\n")
    .concat("\n");
}
