import type { ProjectOperation } from "../../core/project/types.js";
import { errorText } from "../request-errors.js";
import type { GitHubScope } from "../types.js";

type ItemOperation = Exclude<ProjectOperation, { kind: "create-option" }>;

/** Mutations per GraphQL document: one request instead of 25, each mutation still GitHub's to count. */
export const PROJECT_MUTATIONS_PER_REQUEST = 25;

export interface BatchOutcome {
  done: ItemOperation[];
  failed: Array<{ operation: ItemOperation; message: string }>;
}

/**
 * Item operations as aliased mutations (`addProjectV2ItemById`,
 * `updateProjectV2ItemFieldValue`, `clearProjectV2ItemFieldValue`), 25 to a request. GitHub
 * runs each mutation of a document on its own: one refused (its alias in `errors[].path`) leaves
 * the others done. `itemIds` (issue number → item id) learns the items added; `nodeIds` gives
 * the issues' node ids for adding.
 */
export async function applyProjectBatch(
  { octokit }: GitHubScope,
  projectId: string,
  operations: readonly ItemOperation[],
  context: { itemIds: Map<number, string>; nodeIds: ReadonlyMap<number, string> },
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { done: [], failed: [] };
  for (let start = 0; start < operations.length; start += PROJECT_MUTATIONS_PER_REQUEST) {
    const chunk: ItemOperation[] = [];
    const declarations = ["$projectId: ID!"];
    const fields: string[] = [];
    const variables: Record<string, unknown> = { projectId };
    for (const operation of operations.slice(start, start + PROJECT_MUTATIONS_PER_REQUEST)) {
      const n = chunk.length;
      if (operation.kind === "add-item") {
        const contentId = context.nodeIds.get(operation.number);
        if (contentId === undefined) {
          outcome.failed.push({ operation, message: `issue #${operation.number} not found` });
          continue;
        }
        declarations.push(`$c${n}: ID!`);
        variables[`c${n}`] = contentId;
        fields.push(`m${n}: addProjectV2ItemById(input: { projectId: $projectId, contentId: $c${n} }) { item { id } }`);
      } else {
        const itemId = context.itemIds.get(operation.number);
        if (itemId === undefined) {
          outcome.failed.push({ operation, message: `issue #${operation.number} is not an item of the project (adding it failed)` });
          continue;
        }
        declarations.push(`$i${n}: ID!`, `$f${n}: ID!`);
        Object.assign(variables, { [`i${n}`]: itemId, [`f${n}`]: operation.fieldId });
        if (operation.kind === "set-field") {
          declarations.push(`$v${n}: ProjectV2FieldValue!`);
          variables[`v${n}`] = operation.value;
          fields.push(`m${n}: updateProjectV2ItemFieldValue(input: { projectId: $projectId, itemId: $i${n}, fieldId: $f${n}, value: $v${n} }) { projectV2Item { id } }`);
        } else {
          fields.push(`m${n}: clearProjectV2ItemFieldValue(input: { projectId: $projectId, itemId: $i${n}, fieldId: $f${n} }) { projectV2Item { id } }`);
        }
      }
      chunk.push(operation);
    }
    if (chunk.length === 0) continue;
    const document = `mutation ProjectItems(${declarations.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
    let data: Record<string, { item?: { id: string } } | null>;
    const refused = new Map<string, string>();
    try {
      data = await octokit.graphql(document, variables);
    } catch (error) {
      // A GraphqlResponseError carries what was done (`data`) and what was not (`errors`).
      const partial = error as { data?: typeof data; errors?: Array<{ path?: unknown[]; message: string }> };
      if (!partial.data || !Array.isArray(partial.errors)) throw error;
      data = partial.data;
      for (const problem of partial.errors) refused.set(String(problem.path?.[0] ?? ""), problem.message);
      if (refused.size === 0) refused.set("", errorText(error));
    }
    chunk.forEach((operation, n) => {
      const answer = data[`m${n}`];
      const message = refused.get(`m${n}`) ?? (answer ? undefined : (refused.get("") ?? "no answer"));
      if (message !== undefined) {
        outcome.failed.push({ operation, message });
        return;
      }
      if (operation.kind === "add-item" && answer?.item) context.itemIds.set(operation.number, answer.item.id);
      outcome.done.push(operation);
    });
  }
  return outcome;
}
