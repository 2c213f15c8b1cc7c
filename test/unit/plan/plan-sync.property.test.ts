import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Document, Status, Task } from "../../../src/core/model/types.js";
import type { MirroredIssue } from "../../../src/core/plan/types.js";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";
import { applyInMemory, emptyWorld, type World } from "./apply-in-memory.js";
import { buildTask, doc } from "../support/build.js";
import { config, planWorld, withDocuments } from "./plan-world.js";
import { seedLikeDocuments } from "./seed-like.js";

const PATHS = ["docs/TASKS.md", "specs/001/tasks.md", "PLAN.md"];
const ITEM_TEXTS = ["Write tests", "write  *tests*", "Deploy", "Review", "Review", "Ship it `now`", "<!-- taskmirror:end --> sneaky"];
const NOT_DONE: Status[] = ["todo", "in progress", "blocked"];

interface TaskShape {
  doc: number;
  title: string;
  parent: number | null;
  deps: number[];
  items: [number, boolean, number][];
  /** Own box (checked?) or a status-only task. */
  box: boolean | null;
  status: Status | null;
  priority: string | null;
  labels: string[];
}

const taskShape = (index: number): fc.Arbitrary<TaskShape> =>
  fc.record({
    doc: fc.nat({ max: PATHS.length - 1 }),
    title: fc.constantFrom("Set up", "Refactor the API", "Écrire la doc", "Fix | pipes", "x".repeat(300)),
    parent: index === 0 ? fc.constant(null) : fc.option(fc.nat({ max: index - 1 }), { nil: null }),
    deps: index === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat({ max: index - 1 }), { maxLength: 3 }),
    items: fc.array(fc.tuple(fc.nat({ max: ITEM_TEXTS.length - 1 }), fc.boolean(), fc.nat({ max: 2 })), { maxLength: 5 }),
    box: fc.option(fc.boolean(), { nil: null }),
    status: fc.option(fc.constantFrom<Status>("todo", "in progress", "done", "cancelled", "blocked"), { nil: null }),
    priority: fc.option(fc.constantFrom("P0", "P1", "P2", "P3"), { nil: null }),
    labels: fc.uniqueArray(fc.constantFrom("backend", "Backend", "ui", "a".repeat(60)), { maxLength: 2 }),
  });

const taskSet = fc.integer({ min: 1, max: 14 }).chain((count) =>
  fc.tuple(...Array.from({ length: count }, (_, i) => taskShape(i))),
);

/** Documents from shapes; box tasks never carry a done status, so the two never disagree. */
function documentsOf(shapes: TaskShape[]): Document[] {
  const keyOf = (i: number) => `TASK-${String(i + 1).padStart(3, "0")}`;
  const tasks: [number, Task][] = shapes.map((shape, i) => {
    const status = shape.box !== null && shape.status !== null && !NOT_DONE.includes(shape.status) ? "in progress" : shape.status;
    return [shape.doc, buildTask(keyOf(i), {
      title: shape.title,
      line: i * 10 + 1,
      ...(shape.parent !== null ? { parentKey: keyOf(shape.parent) } : {}),
      dependsOn: [...shape.deps.map(keyOf), ...(shape.deps.length > 2 ? ["TASK-404"] : [])],
      items: shape.items.map(([text, checked, section]) => [ITEM_TEXTS[text] ?? "", checked, ["Setup", "Tests", "Done"][section] ?? ""]),
      ...(shape.box !== null ? { box: shape.box } : {}),
      fields: {
        ...(status !== null ? { status } : {}),
        ...(shape.priority !== null ? { priority: shape.priority } : {}),
      },
      labels: shape.labels,
    })];
  });
  return PATHS.map((path, d) => doc(path, tasks.filter(([at]) => at === d).map(([, task]) => task)));
}

interface Mutation {
  fileTicks: number[];
  issueTicks: number[];
  closeInIssue: number[];
  remove: number[];
  move: number[];
  retitle: number[];
  humanText: boolean;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  fileTicks: fc.array(fc.nat(200), { maxLength: 6 }),
  issueTicks: fc.array(fc.nat(200), { maxLength: 6 }),
  closeInIssue: fc.array(fc.nat(50), { maxLength: 3 }),
  remove: fc.array(fc.nat(50), { maxLength: 2 }),
  move: fc.array(fc.nat(50), { maxLength: 2 }),
  retitle: fc.array(fc.nat(50), { maxLength: 2 }),
  humanText: fc.boolean(),
});

function mutate(world: World, m: Mutation): World {
  const documents: Document[] = structuredClone(world.documents);
  const tasks = documents.flatMap((doc) => doc.tasks);
  const pick = <T,>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

  const items = tasks.flatMap((task) => task.checklist);
  for (const n of m.fileTicks) {
    const item = pick(items, n);
    if (item) item.checked = !item.checked;
  }
  for (const n of m.retitle) {
    const task = pick(tasks, n);
    if (task) task.title = `${task.title} (v2)`;
  }

  const issues: MirroredIssue[] = world.issues.map((issue) => ({ ...issue }));
  const boxes = issues.flatMap((issue) => readIssueChecklist(issue.body).map((item) => ({ issue, item })));
  for (const n of m.issueTicks) {
    const target = pick(boxes, n);
    if (!target) continue;
    const current = readIssueChecklist(target.issue.body).find((i) => i.offset === target.item.offset);
    if (!current) continue;
    const body = target.issue.body;
    target.issue.body = body.slice(0, current.offset) + (current.checked ? " " : "x") + body.slice(current.offset + 1);
  }
  // People close and reopen the issues of tasks with their own box; a status-only task's status
  // written back would change its labels, a second round by design.
  const boxIssues = issues.filter((issue) => tasks.find((t) => t.key === issue.marker.key)?.checkbox !== undefined);
  for (const n of m.closeInIssue) {
    const issue = pick(boxIssues, n);
    if (!issue) continue;
    issue.state = issue.state === "open" ? "closed" : "open";
    issue.stateReason = issue.state === "open" ? "reopened" : "completed";
  }
  if (m.humanText) {
    for (const issue of issues) issue.body = `Notes by a person.\r\n\r\n${issue.body}\r\n\r\nMore notes`;
  }

  for (const n of m.move) {
    const from = pick(documents.filter((doc) => doc.tasks.length > 0), n);
    const to = pick(documents, n + 1);
    if (!from || !to || from === to) continue;
    const [task] = from.tasks.splice(0, 1);
    if (task) to.tasks.push(task);
  }
  for (const n of m.remove) {
    const doc = pick(documents.filter((d) => d.tasks.length > 0), n);
    doc?.tasks.splice(n % doc.tasks.length, 1);
  }
  return { ...world, documents, issues };
}

describe("planSync is idempotent by construction", () => {
  it("plans nothing after applying the plan for the seed-like documents", () => {
    const world = emptyWorld(seedLikeDocuments());
    const after = applyInMemory(planWorld(world), world);
    expect(planWorld(after)).toEqual({ operations: [], notes: [] });
  });

  it("plans nothing after applying a first sync of random task sets", () => {
    fc.assert(
      fc.property(taskSet, fc.boolean(), (shapes, milestones) => {
        const cfg = config({ milestones });
        const world = emptyWorld(documentsOf(shapes));
        const after = applyInMemory(planWorld(world, { config: cfg }), world);
        expect(planWorld(after, { config: cfg }).operations).toEqual([]);
        expect(after.issues).toHaveLength(shapes.length);
      }),
      { numRuns: 150 },
    );
  });

  it("plans nothing after applying the plan for random edits to files and issues", () => {
    fc.assert(
      fc.property(taskSet, mutation, fc.constantFrom<"close" | "keep">("close", "keep"), (shapes, m, removedTasks) => {
        const cfg = config({ removedTasks });
        const start = emptyWorld(documentsOf(shapes));
        const synced = applyInMemory(planWorld(start, { config: cfg }), start);
        const edited = mutate(synced, m);
        const plan = planWorld(edited, { config: cfg });
        expect(plan.operations.filter((op) => op.kind === "create")).toEqual([]);
        const after = applyInMemory(plan, edited);
        expect(planWorld(after, { config: cfg }).operations).toEqual([]);
        const keys = after.issues.map((issue) => issue.marker.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 200 },
    );
  });

  it("never loses a tick: a box ticked on either side since the last sync ends ticked on both", () => {
    fc.assert(
      fc.property(taskSet, mutation, (shapes, m) => {
        const start = emptyWorld(documentsOf(shapes));
        const synced = applyInMemory(planWorld(start), start);
        const edited = mutate(synced, { ...m, remove: [], move: [], closeInIssue: [] });
        const after = applyInMemory(planWorld(edited), edited);
        for (const doc of edited.documents) {
          for (const task of doc.tasks) {
            const before = synced.issues.find((i) => i.marker.key === task.key);
            const issueBefore = edited.issues.find((i) => i.marker.key === task.key);
            const issueAfter = after.issues.find((i) => i.marker.key === task.key);
            const fileAfter = after.documents.find((d) => d.path === doc.path)?.tasks.find((t) => t.key === task.key);
            if (!before || !issueBefore || !issueAfter || !fileAfter) throw new Error("lost a task");
            const inIssue = new Map(readIssueChecklist(issueBefore.body).map((i) => [i.key, i.checked]));
            const shown = new Map(readIssueChecklist(issueAfter.body).map((i) => [i.key, i.checked]));
            for (const item of task.checklist) {
              const base = before.marker.items[item.key] === true;
              const issue = inIssue.get(item.key) ?? base;
              const expected = item.checked !== base ? item.checked : issue;
              expect(shown.get(item.key)).toBe(expected);
              expect(fileAfter.checklist.find((i) => i.key === item.key)?.checked).toBe(expected);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("the world after a removal and a move", () => {
  it("does not create a second issue for a task that moved to another file", () => {
    const docs = documentsOf([
      { doc: 0, title: "A", parent: null, deps: [], items: [], box: null, status: null, priority: null, labels: [] },
      { doc: 0, title: "B", parent: 0, deps: [0], items: [[0, true, 0]], box: false, status: null, priority: "P1", labels: [] },
    ]);
    const start = emptyWorld(docs);
    const world = applyInMemory(planWorld(start), start);
    const moved = structuredClone(docs);
    const task = moved[0]?.tasks.pop();
    if (task) moved[2]?.tasks.push(task);
    const plan = planWorld(withDocuments(world, moved));
    expect(plan.operations.map((op) => `${op.kind} ${"key" in op ? op.key : ""}`)).toEqual(["update TASK-002"]);
  });
});

describe("identity survives renumbering, moves and swaps of positional ids (spec-kit)", () => {
  const DOCS = ["specs/001-a/tasks.md", "specs/002-b/tasks.md"];
  type Edit = { kind: "insert" | "delete" | "swap" | "move"; at: number; to: number };
  const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom("insert", "delete", "swap", "move"), at: fc.nat(40), to: fc.nat(40) });
  // Titles share no word, so content tells every two tasks apart (a person sees each as its own task).
  const title = (uid: number) => `alpha${uid} beta${uid} gamma${uid}`;
  const uidOf = (text: string) => Number(/alpha(\d+)/.exec(text)?.[1] ?? -1);
  // Reworded at length: every old word kept, so many new ones that the title is under half alike.
  const reworded = (uid: number) => `${title(uid)} ${["delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"].map((word) => `${word}${uid}`).join(" ")}`;
  const documents = (layout: number[][], rewordings: ReadonlySet<number> = new Set()): Document[] =>
    layout.map((uids, d) =>
      doc(DOCS[d] ?? "", uids.map((uid, i) => {
        const id = `T${String(i + 1).padStart(3, "0")}`;
        const text = rewordings.has(uid) ? reworded(uid) : title(uid);
        return buildTask(`${DOCS[d]}#${id}`, { id, title: text, line: i + 5, box: uid % 3 === 0, items: uid % 2 === 0 ? [`Check ${uid}`] : [] });
      })),
    );
  const applyEdits = (layout: number[][], edits: Edit[], next: { uid: number }): number[][] => {
    const out = layout.map((uids) => [...uids]);
    for (const e of edits) {
      const d = e.at % out.length;
      const list = out[d] ?? [];
      if (e.kind === "insert") list.splice(e.to % (list.length + 1), 0, next.uid++);
      else if (list.length === 0) continue;
      else if (e.kind === "delete") list.splice(e.at % list.length, 1);
      else if (e.kind === "swap") {
        const [i, j] = [e.at % list.length, e.to % list.length];
        [list[i], list[j]] = [list[j] ?? 0, list[i] ?? 0];
      } else {
        const [moved] = list.splice(e.at % list.length, 1);
        if (moved !== undefined) out[(d + 1) % out.length]?.splice(e.to % ((out[(d + 1) % out.length]?.length ?? 0) + 1), 0, moved);
      }
    }
    return out;
  };
  const numberOf = (world: World, uid: number) =>
    world.issues.filter((issue) => issue.state === "open" && uidOf(issue.title) === uid).map((issue) => issue.number);

  it("keeps every surviving task on its issue, creates only inserted ones, and settles — even after a plan stopped half way", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(8), { minLength: 2, maxLength: 2 }),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(200), { nil: null }),
        (sizes, edits, stopAt) => {
          const next = { uid: 1 };
          const layout = sizes.map((size) => Array.from({ length: size }, () => next.uid++));
          const start = emptyWorld(documents(layout));
          const before = applyInMemory(planWorld(start), start);
          const edited = applyEdits(layout, edits, next);
          const pushed = withDocuments(before, documents(edited));
          const plan = planWorld(pushed);
          // A sync that stopped after `stopAt` operations, then a full one.
          const partial = stopAt === null ? plan : { ...plan, operations: plan.operations.slice(0, stopAt % (plan.operations.length + 1)) };
          const half = applyInMemory(partial, pushed);
          const after = stopAt === null ? half : applyInMemory(planWorld(half), half);
          expect(planWorld(after).operations).toEqual([]);

          const surviving = new Set(edited.flat());
          for (const uid of layout.flat()) {
            const was = numberOf(before, uid).concat(before.issues.filter((i) => uidOf(i.title) === uid).map((i) => i.number));
            if (surviving.has(uid)) expect(after.issues.filter((i) => uidOf(i.title) === uid).map((i) => i.number)).toEqual([was[0]]);
            else expect(after.issues.find((i) => i.number === was[0])?.state).toBe("closed");
          }
          const inserted = edited.flat().filter((uid) => !layout.flat().includes(uid));
          expect(after.issues).toHaveLength(before.issues.length + inserted.length);
          // No issue now describes another task than the one it was made for.
          for (const issue of before.issues) expect(uidOf(after.issues.find((i) => i.number === issue.number)?.title ?? "")).toBe(uidOf(issue.title));
          const openKeys = after.issues.filter((i) => i.state === "open").map((i) => i.marker.key);
          expect(new Set(openKeys).size).toBe(openKeys.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps a task reworded at length in its place on its issue, and never hands an issue to another task", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(8), { minLength: 2, maxLength: 2 }),
        fc.array(edit, { maxLength: 4 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        fc.option(fc.nat(200), { nil: null }),
        (sizes, edits, picks, stopAt) => {
          const next = { uid: 1 };
          const layout = sizes.map((size) => Array.from({ length: size }, () => next.uid++));
          const start = emptyWorld(documents(layout));
          const before = applyInMemory(planWorld(start), start);
          const edited = applyEdits(layout, edits, next);
          const surviving = edited.flat();
          const rewordings = new Set(picks.flatMap((pick) => (surviving.length > 0 ? [surviving[pick % surviving.length] ?? 0] : [])));
          const pushed = withDocuments(before, documents(edited, rewordings));
          const plan = planWorld(pushed);
          const partial = stopAt === null ? plan : { ...plan, operations: plan.operations.slice(0, stopAt % (plan.operations.length + 1)) };
          const half = applyInMemory(partial, pushed);
          const after = stopAt === null ? half : applyInMemory(planWorld(half), half);
          expect(planWorld(after).operations).toEqual([]);

          // No issue describes another task than the one it was made for.
          for (const issue of before.issues) expect(uidOf(after.issues.find((i) => i.number === issue.number)?.title ?? "")).toBe(uidOf(issue.title));
          for (const uid of surviving.filter((u) => layout.flat().includes(u))) {
            const old = before.issues.find((i) => uidOf(i.title) === uid)?.number;
            const now = after.issues.filter((i) => uidOf(i.title) === uid);
            // Kept, or (the matching unsure: moved or shifted, and reworded) the old issue closed
            // beside one new issue.
            if (now.length > 1) {
              expect(now).toHaveLength(2);
              expect(now.find((i) => i.number === old)?.state).toBe("closed");
              expect(now.filter((i) => i.state === "open").length).toBeLessThanOrEqual(1);
            } else {
              expect(now.map((i) => i.number)).toEqual([old]);
            }
            // Rewording alone never costs an issue where the task has a neighbour it did not reword.
            const list = edited.find((uids) => uids.includes(uid)) ?? [];
            const at = list.indexOf(uid);
            const anchored = [list[at - 1], list[at + 1]].some((n) => n !== undefined && !rewordings.has(n));
            if (edits.length === 0 && anchored) expect(now.map((i) => i.number)).toEqual([old]);
          }
          const openKeys = after.issues.filter((i) => i.state === "open").map((i) => i.marker.key);
          expect(new Set(openKeys).size).toBe(openKeys.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
