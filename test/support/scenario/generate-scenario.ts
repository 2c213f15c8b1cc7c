/**
 * Seeded scenarios for the fault-convergence test: a task document and what people then do to
 * it — pushes that tick items, add tasks (and child tasks), rename tasks, change dependencies;
 * ticks, closes and reopens in the issues. A scenario is a pure function of its seed.
 *
 * Each box and each task's done state is OWNED by one side for the whole scenario (set only in
 * the file, or only in the issue): the final state then does not depend on which intermediate
 * event the app saw first, so a run under faults has exactly one right answer, the fault-free
 * run's. (When both sides change one box between two syncs, the sync's merge keeps the issue's
 * or the file's side by what it saw last; a lost event legitimately changes that answer.)
 */

export interface ScenarioTask {
  id: string;
  title: string;
  /** 3: `###`, 4: `####` (a child of the `###` task above it). */
  level: 3 | 4;
  dependsOn: string[];
  items: { text: string; checked: boolean; owner: "file" | "issue" }[];
  /** Who closes and reopens it: the issue (a person), or nobody. */
  doneOwner: "issue" | "none";
}

export type ScenarioStep =
  | { kind: "file-set"; task: string; item: string; checked: boolean }
  | { kind: "file-add"; task: ScenarioTask }
  | { kind: "file-rename"; task: string; title: string }
  | { kind: "file-deps"; task: string; dependsOn: string[] }
  | { kind: "issue-set"; task: string; item: string; checked: boolean }
  | { kind: "issue-close"; task: string }
  | { kind: "issue-reopen"; task: string };

export interface Scenario {
  seed: number;
  path: string;
  tasks: ScenarioTask[];
  steps: ScenarioStep[];
}

/** mulberry32: small, seedable, the same on every platform. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["parse", "render", "index", "cache", "sync", "build", "ship", "test", "lint", "docs", "deploy", "audit"];

export function generateScenario(seed: number, options: { steps?: number } = {}): Scenario {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  let counter = 0;
  const newTask = (level: 3 | 4, existing: ScenarioTask[]): ScenarioTask => {
    counter += 1;
    const id = `TASK-${String(counter).padStart(3, "0")}`;
    const items = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => ({
      text: `${pick(WORDS)} ${id.toLowerCase()} step ${i + 1}`,
      checked: next() < 0.3,
      owner: next() < 0.5 ? ("file" as const) : ("issue" as const),
    }));
    const earlier = existing.filter((task) => task.id !== id);
    const dependsOn = earlier.length > 0 && next() < 0.4 ? [pick(earlier).id] : [];
    return { id, title: `${pick(WORDS)} the ${pick(WORDS)}`, level, dependsOn, items, doneOwner: next() < 0.5 ? "issue" : "none" };
  };
  const tasks: ScenarioTask[] = [];
  const initial = 2 + Math.floor(next() * 3);
  for (let i = 0; i < initial; i++) tasks.push(newTask(i > 0 && next() < 0.35 ? 4 : 3, tasks));

  const all = [...tasks];
  // What people last set, per box and per task's done state: most steps change it (a step that
  // sets what is already there changes nothing and is skipped).
  const boxes = new Map(tasks.flatMap((task) => task.items.map((item) => [item.text, item.checked] as const)));
  const closed = new Set<string>();
  const flip = (text: string) => {
    const checked = next() < 0.85 ? !boxes.get(text) : next() < 0.5;
    boxes.set(text, checked);
    return checked;
  };
  const steps: ScenarioStep[] = [];
  const count = options.steps ?? 8 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const roll = next();
    const task = pick(all);
    if (roll < 0.3) {
      const owned = task.items.filter((item) => item.owner === "file");
      if (owned.length > 0) {
        const item = pick(owned).text;
        steps.push({ kind: "file-set", task: task.id, item, checked: flip(item) });
      }
    } else if (roll < 0.55) {
      const owned = task.items.filter((item) => item.owner === "issue");
      if (owned.length > 0) {
        const item = pick(owned).text;
        steps.push({ kind: "issue-set", task: task.id, item, checked: flip(item) });
      }
    } else if (roll < 0.68) {
      if (task.doneOwner === "issue") {
        const close = !closed.has(task.id);
        if (close) closed.add(task.id);
        else closed.delete(task.id);
        steps.push({ kind: close ? "issue-close" : "issue-reopen", task: task.id });
      }
    } else if (roll < 0.8) {
      // Appended at the end: a `####` one is a child of the last `###` task.
      const added = newTask(next() < 0.4 ? 4 : 3, all);
      all.push(added);
      for (const item of added.items) boxes.set(item.text, item.checked);
      steps.push({ kind: "file-add", task: added });
    } else if (roll < 0.9) {
      steps.push({ kind: "file-rename", task: task.id, title: `${pick(WORDS)} the ${pick(WORDS)} again` });
    } else {
      const others = all.filter((other) => other.id !== task.id);
      const dependsOn = others.length > 0 && next() < 0.7 ? [pick(others).id] : [];
      steps.push({ kind: "file-deps", task: task.id, dependsOn });
    }
  }
  return { seed, path: "docs/tasks/TASKS-plan.md", tasks, steps };
}

/** A task's block as a person writes it. */
export function renderTask(task: ScenarioTask): string {
  const lines = [`${"#".repeat(task.level)} ${task.id}: ${task.title}`, "**Status**: Todo"];
  if (task.dependsOn.length > 0) lines.push(`**Dependencies**: ${task.dependsOn.join(", ")}`);
  lines.push("", ...task.items.map((item) => `- [${item.checked ? "x" : " "}] ${item.text}`), "");
  return lines.join("\n");
}

export function renderScenarioDocument(scenario: Scenario): string {
  return ["# Plan", "", ...scenario.tasks.map(renderTask)].join("\n");
}
