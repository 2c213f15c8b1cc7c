import type { FakeContext } from "./context.js";
import type { ContentEdit } from "./planning-state.js";
import type { Account, Issue } from "./types.js";

/**
 * Records a change of an issue's body in its edit history (GraphQL `userContentEdits`): on the
 * first edit GitHub also lists the version the issue was created with, by its author; each
 * entry's `diff` is the whole body after that edit (git-bug's GitHub importer reads it so).
 */
export function recordBodyEdit(ctx: FakeContext, issue: Issue, before: string | null, editor: Account): void {
  const { planning } = ctx.state;
  let history = planning.edits.get(issue.id);
  if (history === undefined) {
    history = [{ ...ctx.state.nextId("contentEdit"), editor: issue.user, editedAt: issue.createdAt, body: before ?? "" }];
    planning.edits.set(issue.id, history);
  }
  const edit: ContentEdit = { ...ctx.state.nextId("contentEdit"), editor, editedAt: ctx.state.now(), body: issue.body ?? "" };
  history.push(edit);
}
