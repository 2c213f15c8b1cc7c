import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/markdown/parse-document.js";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import type { TickBatcher } from "../../src/github/write-back/tick-batcher.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { startAppHarness, type AppHarness } from "../integration/app-harness.js";

process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "120";

/**
 * A model test of the two-way sync against the fake GitHub, with the app's push handling and
 * the issue handlers: random interleavings of people ticking boxes in issues and pushing
 * commits that tick, add, remove or reorder items. The app runs concurrently with the people
 * (their next action does not wait for it), except at `settle` steps. At each settle point:
 *   1. every issue's checklist equals its task's checklist in the file (same keys, same states);
 *   2. no tick is lost: an item that people set to one state only since the last settle point
 *      (on either side, any number of times) ends in that state, and an item changed on one
 *      side only ends in the state last set there.
 */

const OWNER = "model";
const PATH = "docs/tasks/TASKS-model.md";
const TASKS = ["TASK-001", "TASK-002"];

type Step =
  | { kind: "issue"; task: number; item: number }
  | { kind: "flip"; task: number; item: number }
  | { kind: "add"; task: number; ticked: boolean }
  | { kind: "remove"; task: number; item: number }
  | { kind: "reorder"; task: number }
  | { kind: "settle" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("issue" as const), task: fc.nat(1), item: fc.nat(9) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("flip" as const), task: fc.nat(1), item: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("add" as const), task: fc.nat(1), ticked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), task: fc.nat(1), item: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reorder" as const), task: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "settle" as const }) },
);

function initialDocument(): string {
  return [
    "# Model plan",
    "",
    "### TASK-001: First",
    "**Priority**: P1",
    "",
    "- [ ] alpha",
    "- [x] beta",
    "- [ ] gamma",
    "",
    "### TASK-002: Second",
    "",
    "- [ ] delta",
    "- [ ] epsilon",
    "",
  ].join("\n");
}

describe("two-way sync model (fast-check against the fake GitHub)", () => {
  let app: AppHarness;
  let batcher: TickBatcher;
  let installationId = 0;
  let runs = 0;

  const settle = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };

  beforeAll(async () => {
    app = await startAppHarness();
    // src/index.ts registers the issue handlers on the process-wide batcher.
    batcher = sharedTickBatcher();
    await app.fake.createRepo({ owner: OWNER, name: "seed", files: { "README.md": "seed\n" } });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: ["seed"] }));
    await settle();
  });

  afterAll(async () => {
    await app.close();
  });

  it("converges with every tick kept, for random interleavings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        runs += 1;
        const repo = `r${runs}`;
        await app.fake.createRepo({ owner: OWNER, name: repo, files: { [PATH]: initialDocument() } });
        await app.fake.addRepos(installationId, [repo]);
        await settle();

        const state = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${repo}`)!;
        const fileText = () => state().files[PATH] ?? "";
        const issueOf = (key: string) => state().issues.find((issue) => issue.title.startsWith(`${key}:`))!;
        let added = 0;
        // Per item (task key + item key): the states people set since the last settle point.
        let writes = new Map<string, { side: "issue" | "file"; checked: boolean }[]>();
        let removed = new Set<string>();
        const wrote = (id: string, side: "issue" | "file", checked: boolean) => writes.set(id, [...(writes.get(id) ?? []), { side, checked }]);

        const push = async (text: string) => {
          await app.fake.push({ owner: OWNER, repo, files: { [PATH]: text }, author: OWNER });
        };
        const fileTask = (text: string, index: number) => {
          const doc = parseDocument(PATH, text);
          return doc.tasks.find((task) => task.key === TASKS[index]);
        };
        const lines = (text: string) => text.split("\n");

        const check = async () => {
          await settle();
          const doc = parseDocument(PATH, fileText());
          for (const key of TASKS) {
            const task = doc.tasks.find((t) => t.key === key)!;
            const inFile = Object.fromEntries(task.checklist.map((item) => [item.key, item.checked]));
            const inIssue = Object.fromEntries(readIssueChecklist(issueOf(key).body ?? "").map((item) => [item.key, item.checked]));
            expect({ key, items: inIssue }).toEqual({ key, items: inFile });
            for (const [itemKey, checked] of Object.entries(inFile)) {
              const id = `${key}\u0000${itemKey}`;
              const set = writes.get(id);
              if (!set || removed.has(id)) continue;
              const states = new Set(set.map((w) => w.checked));
              const sides = new Set(set.map((w) => w.side));
              if (states.size === 1) expect({ id, checked }).toEqual({ id, checked: set[0]!.checked });
              else if (sides.size === 1) expect({ id, checked }).toEqual({ id, checked: set.at(-1)!.checked });
            }
          }
          writes = new Map();
          removed = new Set();
        };

        const act = async (s: Step) => {
          const key = s.kind === "settle" ? "" : TASKS[s.task]!;
          switch (s.kind) {
            case "settle":
              await check();
              break;
            case "issue": {
              const issue = issueOf(key);
              const body = issue.body ?? "";
              const items = readIssueChecklist(body);
              const target = items[s.item % Math.max(1, items.length)];
              if (!target) break;
              const checked = !target.checked;
              const next = body.slice(0, target.offset) + (checked ? "x" : " ") + body.slice(target.offset + 1);
              wrote(`${key}\u0000${target.key}`, "issue", checked);
              await app.fake.editIssue({ owner: OWNER, repo, number: issue.number, body: next, sender: OWNER });
              break;
            }
            case "flip": {
              const text = fileText();
              const task = fileTask(text, s.task);
              const target = task?.checklist[s.item % Math.max(1, task.checklist.length)];
              if (!target) break;
              const checked = !target.checked;
              wrote(`${key}\u0000${target.key}`, "file", checked);
              await push(text.slice(0, target.offset) + (checked ? "x" : " ") + text.slice(target.offset + 1));
              break;
            }
            case "add": {
              const text = fileText();
              const task = fileTask(text, s.task);
              if (!task) break;
              added += 1;
              const all = lines(text);
              const after = task.checklist.at(-1)?.line ?? task.line;
              all.splice(after, 0, `- [${s.ticked ? "x" : " "}] added ${added}`);
              wrote(`${key}\u0000added ${added}`, "file", s.ticked);
              await push(all.join("\n"));
              break;
            }
            case "remove": {
              const text = fileText();
              const task = fileTask(text, s.task);
              const target = task?.checklist[s.item % Math.max(1, task.checklist.length)];
              if (!target) break;
              const all = lines(text);
              all.splice(target.line - 1, 1);
              removed.add(`${key}\u0000${target.key}`);
              await push(all.join("\n"));
              break;
            }
            case "reorder": {
              const text = fileText();
              const task = fileTask(text, s.task);
              if (!task || task.checklist.length < 2) break;
              const all = lines(text);
              const rows = task.checklist.map((item) => item.line - 1);
              const reversed = rows.map((row) => all[row]!).reverse();
              rows.forEach((row, i) => (all[row] = reversed[i]!));
              await push(all.join("\n"));
              break;
            }
          }
        };
        for (const s of steps) await act(s);
        await check();
        expect(app.fake.violations()).toEqual([]);
        expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
      }),
      {
        numRuns: 10,
        endOnFailure: true,
        // Replays a reported counterexample: MODEL_SEED=<seed> MODEL_PATH=<path>.
        ...(process.env.MODEL_SEED ? { seed: Number(process.env.MODEL_SEED), path: process.env.MODEL_PATH ?? "0" } : {}),
      },
    );
  }, 300_000);
});
