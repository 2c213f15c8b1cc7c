/**
 * A write a budgeted slice did not make: the installation's content budget has no room for it
 * within the slice's patience. Nothing was sent; the work resumes at `resumeAt` (the pacer's
 * clock), in a continuation, where the markers tell what is already done.
 */
export class WriteBudgetSpent extends Error {
  constructor(readonly resumeAt: number) {
    super(`the content-creation budget is spent until ${new Date(resumeAt).toISOString()}`);
    this.name = "WriteBudgetSpent";
  }
}
