import { neutralizeMarkers } from "./neutralize-markers.js";

/**
 * `text` as a markdown code span, with a fence longer than any backtick run inside it. Keys
 * come from documents, so the text is neutralised like any other document text.
 */
export function codeSpan(text: string): string {
  const flat = neutralizeMarkers(text.replace(/\s*\r?\n\s*/g, " "));
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
