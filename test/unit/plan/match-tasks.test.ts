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
import { wordsKept } from "../../../src/core/plan/words-kept.js";
import { readIssueDescription } from "../../../src/core/render/read-issue-description.js";
import { type World } from "./apply-in-memory.js";
import { mirror, openSpec, read, specKit } from "./identity-world.js";
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

describe("wordsKept", () => {
  const one = () => 1;
  it("is the share of the old words still there, whatever was added", () => {
    expect(wordsKept(wordTokens("Add CSV export"), wordTokens("Add CSV and TSV export, with a header row"), one)).toBe(1);
    expect(wordsKept(wordTokens("Run the skill tool"), wordTokens("Retire the skill"), one)).toBe(0.5);
    expect(wordsKept(wordTokens("Run the skill tool"), wordTokens("Retire the skill"), (word) => (word === "skill" ? 3 : 1))).toBe(4 / 6);
    expect(wordsKept(new Set(), wordTokens("Anything"), one)).toBe(0);
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

  describe(`keeps a key under ${MATCH_THRESHOLDS.sameKey * 100}% alike where its place agrees and ${Math.round(MATCH_THRESHOLDS.kept * 100)}% of its work is left`, () => {
    // The reword-title history's plan (fixtures/histories/reword-title): 49% alike.
    const titles = ["Add the `export` menu to the report toolbar in src/report/toolbar.tsx", "Add CSV export in src/report/export.ts", "Write the export test in tests/report/export.test.ts"];
    const world = mirror({ [P]: specKit(titles) });
    const reworded = "Add CSV and TSV export, with a header row, in src/report/export.ts";
    const unsure = (matching: Matching) => matching.unsure.map((u) => `${u.task.task.key.replace(/^.*#/, "")}~#${u.issue.number} ${u.why}`);

    it("keeps a title reworded at length between neighbours that kept their keys", () => {
      const matching = match(world, read({ [P]: specKit([titles[0]!, reworded, titles[2]!]) }));
      expect(matching.matched.get(`${P}#T002`)?.similarity).toBeLessThan(MATCH_THRESHOLDS.sameKey);
      expect(pairs(matching)).toEqual(["T001→#1", "T002→#2", "T003→#3"]);
      expect(matching.unsure).toEqual([]);
    });

    it("is unsure of a task rewritten in place: no word that names the work is left", () => {
      const matching = match(world, read({ [P]: specKit([titles[0]!, "Configure the payment gateway", titles[2]!]) }));
      expect(pairs(matching)).toEqual(["T001→#1", "T003→#3"]);
      expect(unsure(matching)).toEqual(["T002~#2 same-key"]);
    });

    it("is unsure where a neighbour was renumbered: the ids around it shifted", () => {
      // The first two tasks removed, the test renumbered T003 → T002: the new T001 sits where
      // the ids shifted, whatever words it shares with the removed one.
      const matching = match(world, read({ [P]: specKit(["Add the PDF export menu, with icons, to the report page", titles[2]!]) }));
      expect(pairs(matching)).toEqual(["T002→#3 renumbered"]);
      expect(unsure(matching)).toEqual(["T001~#1 same-key"]);
    });

    it("is unsure of a task now under another parent", () => {
      const key = (id: string) => `${P}#${id}`;
      // As akiojin/gwt reworded its T077 (fixtures/histories/real-speckit-gwt-spec2): under half of the old title kept.
      const child = (title: string, parent: string) => buildTask(key("T003"), { id: "T003", title, parentKey: key(parent) });
      const parents = [buildTask(key("T001"), { id: "T001", title: "Build the API" }), buildTask(key("T002"), { id: "T002", title: "Design the screens" })];
      const before = synced([doc(P, [...parents, child('Run Skill tool with skill: "simplify".', "T001")])]);
      const retired = "Confirm the referenced `simplify` skill is not exposed in the current session and retire this obsolete process task.";
      const kept = match(before, [doc(P, [...parents, child(retired, "T001")])]);
      expect([pairs(kept), (kept.matched.get(key("T003"))?.similarity ?? 1) < MATCH_THRESHOLDS.sameKey]).toEqual([["T001→#1", "T002→#2", "T003→#3"], true]);
      const moved = match(before, [doc(P, [...parents, child(retired, "T002")])]);
      expect([pairs(moved), unsure(moved)]).toEqual([["T001→#1", "T002→#2"], ["T003~#3 same-key"]]);
    });

    it("is unsure of a task alone in its document: there is no place to agree", () => {
      const alone = mirror({ [P]: specKit([titles[1]!]) });
      expect(unsure(match(alone, read({ [P]: specKit([reworded]) })))).toEqual(["T001~#1 same-key"]);
    });

    it("is unsure when another task is a candidate for the issue", () => {
      const matching = match(world, read({
        [P]: specKit([titles[0]!, reworded, titles[2]!]),
        "specs/002/tasks.md": specKit(["Add CSV export in src/report/export.ts, then the docs"]),
      }));
      expect(matching.matched.get(`${P}#T002`)).toBeUndefined();
      expect(unsure(matching)).toEqual(["T002~#2 same-key", "T001~#2 weak"]);
    });

    it("keeps a group renamed over the children it kept, and not one whose children all left", () => {
      const G = "openspec/changes/x/tasks.md";
      const groups = mirror({ [G]: openSpec([["Backend", ["Add the table", "Issue the token", "Rotate the token", "Add logout"]], ["Frontend", ["Keep the token in memory"]]]) });
      const split = match(groups, read({ [G]: openSpec([["Tokens", ["Add the table", "Issue the token"]], ["Session lifecycle", ["Rotate the token", "Add logout"]], ["Frontend", ["Keep the token in memory"]]]) }));
      expect(pairs(split)).toEqual(["1→#1", "1.1→#2", "1.2→#3", "2.1→#4 renumbered", "2.2→#5 renumbered", "3→#6 renumbered", "3.1→#7 renumbered"]);
      const emptied = match(groups, read({ [G]: openSpec([["Tokens", ["Pick a library"]], ["Backend", ["Add the table", "Issue the token", "Rotate the token", "Add logout"]], ["Frontend", ["Keep the token in memory"]]]) }));
      expect(pairs(emptied).slice(0, 2)).toEqual(["2→#1 renumbered", "2.1→#2 renumbered"]);
      expect(emptied.matched.get(`${G}#1`)).toBeUndefined();
    });
  });

  it(`migrates an id in a document that moved with it from ${MATCH_THRESHOLDS.sameKey * 100}% alike`, () => {
    const criteria = (items: string[]) => items.map((item) => `- [ ] ${item}`).join("\n");
    const file = (id: string, description: string, items: string[]) =>
      `---\nid: ${id}\ntitle: Update the documentation for sequences\nstatus: To Do\n---\n\n## Description\n\n${description}\n\n## Acceptance Criteria\n\n${criteria(items)}\n`;
    // As Backlog.md's own task-218 did across the migration: the criteria rewritten, the title kept.
    const before = file("task-218", "Explain how sequences are computed.", ["Document the endpoints", "Add the CLI help", "Add integration tests"]);
    const after = (id: string) => file(id, "Docs for the unsequenced bucket and join semantics.", ["Update the README", "Update the agent instructions"]);
    const world = mirror({ "backlog/tasks/task-218 - Update-docs.md": before });
    const moved = match(world, read({ "backlog/tasks/back-218 - Update-docs.md": after("BACK-218") }));
    expect([pairs(moved), Math.round((moved.matched.get("BACK-218")?.similarity ?? 0) * 100)]).toEqual([["BACK-218→#1 migrated"], 55]);
    // The same edit in the file the id was in: only the number followed, 60% are needed.
    const inPlace = match(world, read({ "backlog/tasks/task-218 - Update-docs.md": after("BACK-218") }));
    expect([pairs(inPlace), inPlace.unsure.map((u) => u.why)]).toEqual([[], ["weak"]]);
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
