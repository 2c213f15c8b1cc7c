import { CHECK_RUN_ANNOTATIONS_PER_REQUEST } from "../limits.js";
import type { CheckAnnotation } from "./types.js";

/**
 * The annotations split into the update requests that carry them, in order. There is always
 * at least one batch (possibly empty): the last one goes with the request that completes the
 * run, so a run without annotations is still completed.
 */
export function batchAnnotations(
  annotations: readonly CheckAnnotation[],
  size: number = CHECK_RUN_ANNOTATIONS_PER_REQUEST,
): CheckAnnotation[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: CheckAnnotation[][] = [];
  for (let start = 0; start < annotations.length; start += size) batches.push(annotations.slice(start, start + size));
  return batches.length > 0 ? batches : [[]];
}
