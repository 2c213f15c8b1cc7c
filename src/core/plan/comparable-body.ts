import { findBlock } from "../render/find-block.js";

const PERMALINK_LINES = /\/blob\/[^/\s)]+\/([^\s)#]*)#L\d+(?:-L\d+)?/g;

/**
 * An issue body as compared before a write. The permalinks of the generated block lose their
 * commit and line range: a push that changes nothing of a task must not rewrite its issue, and
 * the old link, pinned to its commit, still shows the task. Line endings are compared as LF
 * because the web UI saves bodies with CRLF.
 */
export function comparableBody(body: string): string {
  const text = body.replace(/\r\n/g, "\n");
  const block = findBlock(text);
  if (!block) return text;
  const generated = text.slice(block.start, block.end).replace(PERMALINK_LINES, "/blob/-/$1");
  return text.slice(0, block.start) + generated + text.slice(block.end);
}
