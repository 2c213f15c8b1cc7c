export interface TextDiff {
  /** Hunks only, no file header: what GitHub puts in a diff entry's `patch`. */
  patch: string;
  additions: number;
  deletions: number;
}

type Op = { kind: " " | "-" | "+"; text: string; oldLine: number; newLine: number };

const CONTEXT = 3;
/** Above this many cells the middle is shown as replaced wholesale rather than aligned. */
const MAX_LCS_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  else lines[lines.length - 1] = `${lines[lines.length - 1]}\n\\ No newline at end of file`;
  return lines;
}

function alignMiddle(a: string[], b: string[]): Array<" " | "-" | "+"> {
  if (a.length * b.length > MAX_LCS_CELLS) return [...a.map(() => "-" as const), ...b.map(() => "+" as const)];
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * width + j] = a[i] === b[j] ? (table[(i + 1) * width + j + 1] as number) + 1 : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const kinds: Array<" " | "-" | "+"> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      kinds.push(" ");
      i += 1;
      j += 1;
    } else if (i < a.length && (j >= b.length || (table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number))) {
      // Removals before additions, as git prints them.
      kinds.push("-");
      i += 1;
    } else {
      kinds.push("+");
      j += 1;
    }
  }
  return kinds;
}

/** A line diff in unified format with three lines of context, as GitHub shows it. */
export function unifiedDiff(before: string, after: string): TextDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const middle = alignMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const kinds: Array<" " | "-" | "+"> = [...a.slice(0, prefix).map(() => " " as const), ...middle, ...a.slice(a.length - suffix).map(() => " " as const)];

  const ops: Op[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const kind of kinds) {
    if (kind === " ") {
      ops.push({ kind, text: a[oldLine] as string, oldLine, newLine });
      oldLine += 1;
      newLine += 1;
    } else if (kind === "-") {
      ops.push({ kind, text: a[oldLine] as string, oldLine, newLine });
      oldLine += 1;
    } else {
      ops.push({ kind, text: b[newLine] as string, oldLine, newLine });
      newLine += 1;
    }
  }

  const hunks: string[] = [];
  let additions = 0;
  let deletions = 0;
  let index = 0;
  while (index < ops.length) {
    if ((ops[index] as Op).kind === " ") {
      index += 1;
      continue;
    }
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    // Extend the hunk while the next change is within two contexts' reach.
    while (end < ops.length) {
      let next = end;
      while (next < ops.length && (ops[next] as Op).kind !== " ") next += 1;
      let gap = next;
      while (gap < ops.length && (ops[gap] as Op).kind === " ") gap += 1;
      if (gap < ops.length && gap - next <= CONTEXT * 2) end = gap;
      else {
        end = Math.min(ops.length, next + CONTEXT);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const first = slice[0] as Op;
    const oldCount = slice.filter((op) => op.kind !== "+").length;
    const newCount = slice.filter((op) => op.kind !== "-").length;
    const oldStart = oldCount === 0 ? first.oldLine : first.oldLine + 1;
    const newStart = newCount === 0 ? first.newLine : first.newLine + 1;
    const lines = slice.map((op) => `${op.kind}${op.text}`);
    additions += slice.filter((op) => op.kind === "+").length;
    deletions += slice.filter((op) => op.kind === "-").length;
    // git leaves out a count of 1: `@@ -3 +3,2 @@`.
    const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${lines.join("\n")}`);
    index = end;
  }
  return { patch: hunks.join("\n"), additions, deletions };
}
