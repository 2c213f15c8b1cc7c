import { ISSUE_BODY_MAX } from "../limits.js";
import { findBlock } from "./find-block.js";

const SEPARATOR = "\n\n";

/**
 * `existingBody` with its generated block and marker replaced by `generated`, in place; a body
 * without a block gets it prepended. Everything a person wrote around the block stays
 * byte-identical — unless the result would exceed GitHub's body limit, where the person's text
 * is cut from its end, because a body over the limit is refused and nothing would sync at all.
 */
export function mergeBody(existingBody: string, generated: string): string {
  const block = findBlock(existingBody);
  const before = block ? existingBody.slice(0, block.start) : "";
  let after = block ? existingBody.slice(block.end) : existingBody === "" ? "" : SEPARATOR + existingBody;
  let keptBefore = before;
  const over = keptBefore.length + generated.length + after.length - ISSUE_BODY_MAX;
  if (over > 0) {
    const fromAfter = Math.min(over, after.length);
    after = after.slice(0, after.length - fromAfter);
    keptBefore = keptBefore.slice(0, Math.max(0, keptBefore.length - (over - fromAfter)));
  }
  return keptBefore + generated + after;
}

/** Characters left for the generated block and marker once the text a person wrote is kept. */
export function generatedBudget(existingBody: string): number {
  const block = findBlock(existingBody);
  const kept = block
    ? existingBody.length - (block.end - block.start)
    : existingBody === ""
      ? 0
      : existingBody.length + SEPARATOR.length;
  return Math.max(0, ISSUE_BODY_MAX - kept);
}
