/**
 * Does a closed issue say its task is done? Closed as completed does; as not planned or as a
 * duplicate does not. A close without a reason (issues closed before GitHub had reasons, or
 * through an API call that gave none) counts as completed, as GitHub itself shows it — the
 * same reading as planSync's.
 */
export function closedAsDone(stateReason: string | null): boolean {
  return stateReason !== "not_planned" && stateReason !== "duplicate";
}
