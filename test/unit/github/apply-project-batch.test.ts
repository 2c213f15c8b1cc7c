import { describe, expect, it, vi } from "vitest";
import { applyProjectBatch, PROJECT_MUTATIONS_PER_REQUEST } from "../../../src/github/project/apply-project-batch.js";
import type { GitHubScope } from "../../../src/github/types.js";

const scopeWith = (graphql: (document: string, variables: Record<string, unknown>) => Promise<unknown>) =>
  ({ octokit: { graphql }, log: console, repo: { owner: "o", repo: "r" } }) as unknown as GitHubScope;

describe("applyProjectBatch", () => {
  it("sends up to 25 mutations a request and learns the added items' ids", async () => {
    const graphql = vi.fn(async (_document: string, variables: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(variables).filter((name) => name.startsWith("c")).map((name) => [`m${name.slice(1)}`, { item: { id: `item-${String(variables[name])}` } }])),
    );
    const numbers = Array.from({ length: PROJECT_MUTATIONS_PER_REQUEST + 1 }, (_, i) => i + 1);
    const context = { itemIds: new Map<number, string>(), nodeIds: new Map(numbers.map((n) => [n, `I_${n}`])) };
    const outcome = await applyProjectBatch(scopeWith(graphql), "P", numbers.map((number) => ({ kind: "add-item" as const, key: `K${number}`, number })), context);
    expect(graphql).toHaveBeenCalledTimes(2);
    expect(outcome.done).toHaveLength(26);
    expect(context.itemIds.get(26)).toBe("item-I_26");
  });

  it("fails only the mutation GitHub refused, and an operation on an item that was never added", async () => {
    const graphql = vi.fn(async () => {
      throw Object.assign(new Error("partial"), { data: { m0: { projectV2Item: { id: "x" } }, m1: null }, errors: [{ path: ["m1"], message: "The single select option Id does not belong to the field" }] });
    });
    const context = { itemIds: new Map([[1, "A"], [2, "B"]]), nodeIds: new Map<number, string>() };
    const set = (number: number) => ({ kind: "set-field" as const, key: `K${number}`, number, fieldId: "F", fieldName: "Status", value: { singleSelectOptionId: "o" } });
    const outcome = await applyProjectBatch(scopeWith(graphql), "P", [set(1), set(2), set(3)], context);
    expect(outcome.done.map((operation) => operation.number)).toEqual([1]);
    expect(outcome.failed.map(({ operation, message }) => [operation.number, message])).toEqual([
      [3, "issue #3 is not an item of the project (adding it failed)"],
      [2, "The single select option Id does not belong to the field"],
    ]);
  });
});
