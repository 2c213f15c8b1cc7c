import type { Document, Item } from "../model/types.js";

/**
 * A document that could not be read: its path, no tasks, and an `unreadable-document` error on
 * line 1 saying why. It stays in the document list, so that it is reported, not taken for gone.
 */
export function unreadableDocument(path: string, text: string, message: string, checklist: Item[] = []): Document {
  const newline = text.indexOf("\n");
  return {
    path,
    format: "checklist",
    frontMatter: {},
    tasks: [],
    checklist,
    diagnostics: [{ code: "unreadable-document", severity: "error", path, line: 1, column: 1, message }],
    bom: text.charCodeAt(0) === 0xfeff,
    eol: newline > 0 && text.charCodeAt(newline - 1) === 13 ? "\r\n" : "\n",
  };
}
