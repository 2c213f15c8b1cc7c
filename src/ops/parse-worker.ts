import { parentPort } from "node:worker_threads";
import { move } from "piscina";
import { runParseTask, STARTED, type ParseTask } from "./run-parse-task.js";

/**
 * The parse pool's worker thread. A parsed document's bytes are transferred, not copied (a
 * 10,000-task document is 10 MB of them); `v8.serialize` gives each result a buffer of its own.
 */
export default function parseWorker(task: ParseTask): unknown {
  parentPort?.postMessage({ [STARTED]: task.id });
  const result = runParseTask(task);
  return result instanceof Uint8Array ? move(result) : result;
}
