const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Closes a fenced code block left open at the end of `markdown` (a description cut short, or
 * one that ran to the end of its task). Left open, it would swallow everything generated after
 * it in the issue body — the checklist included.
 */
export function closeOpenFences(markdown: string): string {
  let open: string | null = null;
  for (const line of markdown.split("\n")) {
    const match = FENCE.exec(line);
    if (!match) continue;
    const fence = match[1] ?? "";
    const rest = match[2] ?? "";
    if (open === null) {
      // A backtick fence's info string may not contain a backtick (CommonMark 4.5).
      if (!(fence.startsWith("`") && rest.includes("`"))) open = fence;
    } else if (fence[0] === open[0] && fence.length >= open.length && rest.trim() === "") {
      open = null;
    }
  }
  return open === null ? markdown : `${markdown}\n${open}`;
}
