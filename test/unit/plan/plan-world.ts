import { configSchema, type Config, type ConfigInput } from "../../../src/core/config/schema.js";
import type { Diagnostic, Document } from "../../../src/core/model/types.js";
import { planSync } from "../../../src/core/plan/plan-sync.js";
import type { Plan, Rename } from "../../../src/core/plan/types.js";
import { applyInMemory, emptyWorld, type World } from "./apply-in-memory.js";
import { SOURCE } from "../support/build.js";

export function config(input: ConfigInput = {}): Config {
  return configSchema.parse(input);
}

export function planWorld(
  world: World,
  options: { config?: Config; sha?: string; diagnostics?: Diagnostic[]; renames?: Rename[] } = {},
): Plan {
  return planSync({
    documents: world.documents,
    issues: world.issues,
    config: options.config ?? config(),
    source: { ...SOURCE, sha: options.sha ?? SOURCE.sha },
    existingLabels: world.labels,
    existingMilestones: world.milestones,
    ...(options.diagnostics ? { diagnostics: options.diagnostics } : {}),
    ...(options.renames ? { renames: options.renames } : {}),
  });
}

/** Plans the documents from nothing and applies the plan: the issues as a first sync leaves them. */
export function synced(documents: Document[], options: { config?: Config } = {}): World {
  const world = emptyWorld(documents);
  return applyInMemory(planWorld(world, options), world);
}

/** The same world with other documents (a push). */
export function withDocuments(world: World, documents: Document[]): World {
  return { ...world, documents };
}

export function kinds(plan: Plan): string[] {
  return plan.operations.map((op) => op.kind);
}
