import { describe, expect, it } from "vitest";
import type { MirroredIssue } from "../../../src/core/plan/types.js";
import { buildTask, doc } from "../support/build.js";
import { planWorld, synced } from "./plan-world.js";
import type { World } from "./apply-in-memory.js";

/**
 * The marker records blocked-by links as they are planned and is written with the body, before
 * the links are made; a process killed in between left a marker naming a link that does not
 * exist (found by the fault convergence with kills: `npm run bench -- faults`, seed 3001).
 * GitHub's count of the issue's links says so, and the link is asked for again.
 */
describe("planSync: a blocked-by link the marker records but GitHub does not have", () => {
  const docs = [doc("t.md", [buildTask("A-1"), buildTask("A-2", { dependsOn: ["A-1"] })])];
  const counted = (world: World, count: number | undefined): World => ({
    ...world,
    issues: world.issues.map((issue): MirroredIssue => {
      if (issue.marker.key !== "A-2") return issue;
      const { blockedByCount: _, ...rest } = issue;
      return count === undefined ? rest : { ...rest, blockedByCount: count };
    }),
  });
  const links = (world: World) => planWorld(world).operations.filter((op) => op.kind === "add-blocked-by" || op.kind === "remove-blocked-by");

  it("is added again when GitHub counts fewer links than the marker records", () => {
    const world = synced(docs);
    expect(links(counted(world, 0))).toEqual([{ kind: "add-blocked-by", key: "A-2", blockerKey: "A-1" }]);
  });

  it("is left alone when GitHub counts it, counts more (a person's own link), or does not say", () => {
    const world = synced(docs);
    expect(links(counted(world, 1))).toEqual([]);
    expect(links(counted(world, 2))).toEqual([]);
    expect(links(counted(world, undefined))).toEqual([]);
  });
});
