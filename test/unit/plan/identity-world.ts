import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import type { Document } from "../../../src/core/model/types.js";
import type { MirroredIssue, Operation, Plan, Rename } from "../../../src/core/plan/types.js";
import { validate } from "../../../src/core/validate/validate.js";
import { applyInMemory, type World } from "./apply-in-memory.js";
import { config, planWorld, synced, withDocuments } from "./plan-world.js";

export { openSpec, specKit } from "../../support/task-texts.js";

/** Task documents as the reader reads them, sorted by path as loadDocuments gives them. */
export function read(files: Record<string, string>): Document[] {
  return Object.keys(files)
    .sort()
    .map((path) => parseDocument(path, files[path] ?? ""));
}

/** The issues a first sync of `files` leaves. */
export function mirror(files: Record<string, string>): World {
  return synced(read(files));
}

export interface Pushed {
  plan: Plan;
  /** The world once the plan is applied. */
  after: World;
  count: (kind: Operation["kind"]) => number;
}

/** A push that leaves the repository with `files` (whole): the plan and what applying it leaves. */
export function push(world: World, files: Record<string, string>, options: { renames?: Rename[] } = {}): Pushed {
  const documents = read(files);
  const edited = withDocuments(world, documents);
  const plan = planWorld(edited, { diagnostics: validate(documents, config()), ...options });
  return { plan, after: applyInMemory(plan, edited), count: (kind) => plan.operations.filter((op) => op.kind === kind).length };
}

/** The one issue whose task (by title as the issue shows it) is `title`. */
export function issueTitled(world: World, title: string): MirroredIssue {
  const found = world.issues.filter((issue) => issue.title === title);
  if (found.length !== 1) throw new Error(`${found.length} issues titled ${title}: ${world.issues.map((i) => `#${i.number} ${i.title}`).join(", ")}`);
  return found[0] as MirroredIssue;
}

/** `#n title [state]` of every issue, by number. */
export function issueList(world: World): string[] {
  return [...world.issues].sort((a, b) => a.number - b.number).map((issue) => `#${issue.number} ${issue.title}${issue.state === "closed" ? ` [closed ${issue.stateReason}]` : ""}`);
}
