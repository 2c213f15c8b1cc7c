import { deserialize, serialize } from "node:v8";
import type { Config } from "../core/config/schema.js";
import { parseDocument } from "../core/markdown/parse-document.js";
import type { Diagnostic, Document } from "../core/model/types.js";
import { validate } from "../core/validate/validate.js";

/** What the parse pool asks a worker to do (src/ops/parse-pool.ts). */
export type ParseTask =
  | { kind: "parse"; id: number; path: string; text: string }
  | {
      kind: "validate";
      id: number;
      /** Each document as `v8.serialize` bytes: what the worker sent back when it parsed it. */
      documents: Uint8Array[];
      config: Config;
      /** The texts validation may point into for exact columns, by path. */
      sourceTexts: Record<string, string>;
    };

/** Posted when a task starts: the pool's time budget counts from here, not from the queue or the thread's start. */
export const STARTED = "taskmirror:parse-started";

/**
 * One task of the parse pool, wherever it runs (a worker, or the calling thread when the pool
 * has no threads). A parsed document is returned as its serialized bytes: the pool keeps them as
 * its cache and sends them to validation unchanged, so a large document's object graph is never
 * serialized on the main thread.
 */
export function runParseTask(task: ParseTask): Uint8Array | Diagnostic[] {
  if (task.kind === "parse") {
    const bytes = serialize(parseDocument(task.path, task.text));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const documents = task.documents.map((bytes) => deserialize(bytes) as Document);
  return validate(documents, task.config, { sourceText: (path) => task.sourceTexts[path] });
}
