import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import type { Document } from "../../../src/core/model/types.js";
import type { ContentPrint } from "../../../src/core/plan/content-print.js";
import { contentSimilarity } from "../../../src/core/plan/content-similarity.js";
import { documentLineage } from "../../../src/core/plan/document-lineage.js";
import { frozenDocuments } from "../../../src/core/plan/frozen-documents.js";
import { issueTaskTitle } from "../../../src/core/plan/issue-task-title.js";
import { matchTasks, MATCH_THRESHOLDS, type Matching } from "../../../src/core/plan/match-tasks.js";
import type { Rename } from "../../../src/core/plan/types.js";
import { wordTokens } from "../../../src/core/plan/word-tokens.js";
import { readIssueDescription } from "../../../src/core/render/read-issue-description.js";
import { type World } from "./apply-in-memory.js";
import { mirror, read, specKit } from "./identity-world.js";
import { buildTask, doc, mirrored } from "../support/build.js";
import { synced } from "./plan-world.js";

const P = "specs/001/tasks.md";

function match(world: World, documents: Document[], renames?: Rename[]): Matching {
  return matchTasks({
    tasks: documents.flatMap((d) => d.tasks.map((task) => ({ task, path: d.path }))),
    issues: world.issues,
    config: DEFAULT_CONFIG,
    paths: new Set(documents.map((d) => d.path)),
    ...(renames ? { renames } : {}),
  });
}
const pairs = (matching: Matching) =>
  [...matching.matched].map(([key, m]) => `${key.replace(/^.*#/, "")}→#${m.issue.number}${m.reason ? ` ${m.reason}` : ""}`);
const print = (title: string, items: string[] = [], parent: string | null = null, description = ""): ContentPrint => ({
  title: title.toLowerCase(),
  titleWords: wordTokens(title),
  items: new Set(items),
  descriptionWords: wordTokens(description),
  parentWords: parent === null ? null : wordTokens(parent),
});

describe("contentSimilarity", () => {
  it("is 1 for the same task and compares words, not characters", () => {
    expect(contentSimilarity(print("Implement Overview section", ["a"]), print("Implement  *Overview* section", ["a"]))).toBe(1);
    // One word of four differs: another work item, however alike the characters.
    expect(contentSimilarity(print("Write test for X"), print("Write test for Y"))).toBe(0.75);
    expect(contentSimilarity(print("Create model"), print("Configure the payment gateway"))).toBe(0);
  });

  it("weighs items, parent and description only where one side has them", () => {
    // Title 0.45, items 0.3: a reworded title with the same items is still alike.
    expect(contentSimilarity(print("Set up CI", ["pick the runner", "cache"]), print("Configure the pipeline", ["pick the runner", "cache"]))).toBeCloseTo(0.3 / 0.75);
    // The same title under two different parents.
    expect(contentSimilarity(print("Write tests", [], "Database"), print("Write tests", [], "API"))).toBeCloseTo(0.45 / 0.6);
    expect(contentSimilarity(print("Write tests", [], null, "Unit and integration"), print("Write tests"))).toBeCloseTo(0.45 / 0.55);
  });
});

describe("issueTaskTitle", () => {
  const issue = (title: string, key: string, path = P) => mirrored(1, title, { key, path });

  it("takes the title out of the title template, whatever the key", () => {
    expect(issueTaskTitle(issue("T026: Implement Overview section", `${P}#T026`), DEFAULT_CONFIG)).toBe("Implement Overview section");
    expect(issueTaskTitle(issue("BACK-200: Retry failed webhooks", "BACK-200"), DEFAULT_CONFIG)).toBe("Retry failed webhooks");
    expect(issueTaskTitle(issue("Set up CI", "PLAN.md#Set up CI", "PLAN.md"), DEFAULT_CONFIG)).toBe("Set up CI");
    expect(issueTaskTitle(issue("[T026] Implement it", `${P}#T026`), { title: "[{id}] {title}" })).toBe("Implement it");
  });

  it("takes the whole title when it does not fit the template (a person edited it)", () => {
    expect(issueTaskTitle(issue("Overview, by hand", `${P}#T026`), DEFAULT_CONFIG)).toBe("Overview, by hand");
  });
});

describe("readIssueDescription", () => {
  it("reads the description between the metadata line and the checklist of the generated block", () => {
    const world = synced([doc(P, [buildTask(`${P}#T001`, { id: "T001", description: "First line.\n\nSecond <!-- taskmirror:state x --> one.", items: ["Do it"] })])]);
    expect(readIssueDescription(world.issues[0]?.body ?? "")).toBe("First line.\n\nSecond <!-- taskmirror:state x --> one.");
    expect(readIssueDescription(`Text by a person\n\n${world.issues[0]?.body.replace(/\n/g, "\r\n") ?? ""}`)).toBe("First line.\n\nSecond <!-- taskmirror:state x --> one.");
    const bare = synced([doc(P, [buildTask(`${P}#T001`, { id: "T001" })])]);
    expect(readIssueDescription(bare.issues[0]?.body ?? "")).toBe("");
    expect(readIssueDescription("no block")).toBe("");
  });
});

describe("documentLineage", () => {
  const issues = (path: string, titles: string[]) => titles.map((title) => ({ path, title }));

  it("follows a reported rename to a document that exists, and no other", () => {
    const paths = new Set(["b.md", "c.md"]);
    expect(documentLineage({ renames: [{ from: "a.md", to: "b.md" }, { from: "x.md", to: "gone.md" }], paths, issues: [], tasks: [] })).toEqual(new Map([["a.md", "b.md"]]));
  });

  it("takes a vanished document to have moved where half its titles or more turn up, in a document no issue names", () => {
    const titles = ["one", "two", "three", "four"];
    const lineage = documentLineage({
      paths: new Set(["new.md", "other.md", "named.md"]),
      issues: [...issues("old.md", titles), ...issues("named.md", ["five"])],
      tasks: [...issues("new.md", ["one", "two", "zero"]), ...issues("other.md", ["three"]), ...issues("named.md", ["one", "two", "three", "four"])],
    });
    expect(lineage).toEqual(new Map([["old.md", "new.md"]]));
    // Under half, or a tie between two documents: no lineage.
    expect(documentLineage({ paths: new Set(["new.md"]), issues: issues("old.md", titles), tasks: issues("new.md", ["one"]) })).toEqual(new Map());
    expect(documentLineage({ paths: new Set(["p.md", "q.md"]), issues: issues("old.md", ["one", "two"]), tasks: [...issues("p.md", ["one", "two"]), ...issues("q.md", ["one", "two"])] })).toEqual(new Map());
  });
});

describe("frozenDocuments", () => {
  it("names the documents the reader could not read, with the first reason", () => {
    const diagnostic = (code: string, line: number) => ({ code, severity: "error" as const, path: "a.md", line, column: 1, message: code });
    const frozen = frozenDocuments([
      doc("a.md", [], { diagnostics: [diagnostic("placeholder", 1), diagnostic("invalid-front-matter", 3), diagnostic("unreadable-document", 9)] }),
      doc("b.md", [], { diagnostics: [diagnostic("malformed-checkbox", 2)] }),
    ]);
    expect([...frozen].map(([path, d]) => [path, d.code, d.line])).toEqual([["a.md", "invalid-front-matter", 3]]);
  });
});

describe("matchTasks", () => {
  it("pairs a repository-wide key with its issue whatever the content, and never two such keys by content", () => {
    const world = synced([doc("T.md", [buildTask("TASK-1", { title: "Alpha" }), buildTask("TASK-2", { title: "Beta" })])]);
    const matching = match(world, [doc("T.md", [buildTask("TASK-1", { title: "Something else entirely" }), buildTask("TASK-3", { title: "Beta" })])]);
    expect(pairs(matching)).toEqual(["TASK-1→#1"]);
    expect(matching.unmatched.map((u) => u.issue.number)).toEqual([2]);
    expect(matching.unsure).toEqual([]);
  });

  it("migrates an id to another prefix only with its number and enough content", () => {
    const world = synced([doc("T.md", [buildTask("task-7", { title: "Rotate the webhook secret", items: ["Generate it"] })])]);
    expect(pairs(match(world, [doc("T.md", [buildTask("BACK-7", { title: "Rotate the webhook secret", items: ["Generate it"] })])]))).toEqual(["BACK-7→#1 migrated"]);
    expect(pairs(match(world, [doc("T.md", [buildTask("BACK-8", { title: "Rotate the webhook secret", items: ["Generate it"] })])]))).toEqual([]);
    const weak = match(world, [doc("T.md", [buildTask("BACK-7", { title: "Rotate the deploy key", items: ["Generate it"] })])]);
    expect(pairs(weak)).toEqual([]);
    expect(weak.unsure.map((u) => [u.task.task.key, u.issue.number, u.why])).toEqual([["BACK-7", 1, "weak"]]);
  });

  it(`keeps a path-scoped key from ${MATCH_THRESHOLDS.sameKey * 100}% alike, and calls a key with other text unsure`, () => {
    const world = mirror({ [P]: specKit(["Create the user model", "Wire the router"]) });
    expect(pairs(match(world, read({ [P]: specKit(["Create the account model", "Wire the router"]) })))).toEqual(["T001→#1", "T002→#2"]);
    const rewritten = match(world, read({ [P]: specKit(["Configure the payment gateway", "Wire the router"]) }));
    expect(pairs(rewritten)).toEqual(["T002→#2"]);
    expect(rewritten.unsure.map((u) => [u.task.task.key, u.issue.number, u.why, Math.round(u.similarity * 100)])).toEqual([[`${P}#T001`, 1, "same-key", 4]]);
  });

  it("prefers the same content under another id to other content under the same id", () => {
    const world = mirror({ [P]: specKit(["Write test for the header", "Write test for the footer"]) });
    // The header test moved to T002; T001 is new and only one word away from it.
    const matching = match(world, read({ [P]: specKit(["Write test for the sidebar", "Write test for the header"]) }));
    expect(pairs(matching)).toEqual(["T002→#1 renumbered"]);
    expect(matching.unmatched.map((u) => u.issue.number)).toEqual([2]);
  });

  it("pairs as many same-content tasks as issues in order, and a lone task with the oldest copy", () => {
    const world = mirror({ [P]: specKit(["Run the tests", "Deploy", "Run the tests"]) });
    // Both "Run the tests" moved down by one: T002 and T004 now.
    expect(pairs(match(world, read({ [P]: specKit(["Deploy", "Run the tests", "Write docs", "Run the tests"]) })))).toEqual([
      "T001→#2 renumbered",
      "T002→#1 renumbered",
      "T004→#3 renumbered",
    ]);
    const copy = { ...world.issues[0]!, number: 9, id: 1009 };
    const copied = match({ ...world, issues: [...world.issues, copy] }, read({ [P]: specKit(["Run the tests", "Deploy", "Run the tests"]) }));
    expect(pairs(copied)).toEqual(["T001→#1", "T002→#2", "T003→#3"]);
    expect(copied.unmatched.map((u) => [u.issue.number, u.holder?.number])).toEqual([[9, 1]]);
  });

  it("finds candidates through rare title words when the common ones name too many issues", () => {
    const titles = Array.from({ length: 150 }, (_, i) => `Implement the module number ${i} of src`);
    const world = mirror({ [P]: specKit(titles) });
    const moved = match(world, read({ "specs/002/tasks.md": specKit(titles.slice(0, 20).reverse()), [P]: specKit(titles.slice(20)) }));
    const kept = [...moved.matched.values()].filter((m) => m.reason === "moved").map((m) => m.issue.number);
    expect(kept.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(moved.unsure).toEqual([]);
  });

  it("carries the tasks of a renamed document by id, with content that changed as it moved", () => {
    const world = mirror({ [P]: specKit(["Create the user model", "Wire the router"]) });
    const documents = read({ "specs/archive/001/tasks.md": specKit(["Create the user model and its table", "Wire the router to the API"]) });
    expect(pairs(match(world, documents, [{ from: P, to: "specs/archive/001/tasks.md" }]))).toEqual(["T001→#1 document-moved", "T002→#2 document-moved"]);
  });
});
