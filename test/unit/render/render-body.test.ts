import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ISSUE_BODY_MAX } from "../../../src/core/limits.js";
import { normalizeItemText } from "../../../src/core/model/keys.js";
import { findBlock } from "../../../src/core/render/find-block.js";
import { parseMarker } from "../../../src/core/render/marker.js";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";
import { renderBody } from "../../../src/core/render/render-body.js";
import { buildTask, SOURCE, type ItemSpec } from "../support/build.js";

const representative = buildTask("TASK-001", {
  title: "Set up the edge layer",
  line: 12,
  endLine: 30,
  fields: {
    status: "in progress",
    priority: "P0",
    effort: "4h",
    points: 3,
    sprint: "Sprint 1",
    phase: "1",
    due: "2026-01-31",
    roles: ["DevOps Engineer"],
  },
  description: "Install **NGINX** in front of the services.\r\n\r\n```sh\r\napt install nginx\r\n```",
  dependsOn: ["TASK-000", "TASK-404"],
  items: [["Write the config", true], ["Add *TLS*", false, "Subtasks"], ["Reload", false, "Subtasks"], ["Smoke test", true, "Checks"]],
});

describe("renderBody", () => {
  it("renders metadata, description, sectioned checklist, dependencies, permalink and marker", () => {
    const body = renderBody({
      task: representative,
      path: "docs/TASKS.md",
      source: SOURCE,
      done: false,
      dependencyRef: (key) => (key === "TASK-000" ? "#7" : `\`${key}\``),
      parent: "TASK-EPIC",
      blockedBy: ["TASK-000"],
    });
    expect(body).toMatchInlineSnapshot(`
      "<!-- taskmirror:begin -->
      \`TASK-001\` · **Status:** in progress · **Priority:** P0 · **Effort:** 4h · **Points:** 3 · **Sprint:** Sprint 1 · **Phase:** 1 · **Due:** 2026-01-31 · **Roles:** DevOps Engineer

      Install **NGINX** in front of the services.

      \`\`\`sh
      apt install nginx
      \`\`\`

      <!-- taskmirror:checklist -->
      - [x] Write the config
      ### Subtasks
      - [ ] Add *TLS*
      - [ ] Reload
      ### Checks
      - [x] Smoke test

      **Depends on:** #7, \`TASK-404\`

      <sub>Source: [docs/TASKS.md](https://github.com/acme/app/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/docs/TASKS.md#L12-L30) · synced by taskmirror; text outside this block is kept</sub>
      <!-- taskmirror:end -->
      <!-- taskmirror:state {"v":1,"key":"TASK-001","path":"docs/TASKS.md","done":false,"items":["write the config","smoke test"],"parent":"TASK-EPIC","blockedBy":["TASK-000"]} -->"
    `);
  });

  it("shows the merged states it is given, and records them in the marker", () => {
    const body = renderBody({
      task: representative,
      path: "docs/TASKS.md",
      source: SOURCE,
      done: true,
      itemStates: new Map([["write the config", false], ["reload", true]]),
    });
    expect(readIssueChecklist(body).map((item) => [item.key, item.checked, item.section])).toEqual([
      ["write the config", false, undefined],
      ["add tls", false, "Subtasks"],
      ["reload", true, "Subtasks"],
      ["smoke test", true, "Checks"],
    ]);
    expect(parseMarker(body)).toEqual({
      v: 1,
      key: "TASK-001",
      path: "docs/TASKS.md",
      done: true,
      items: { reload: true, "smoke test": true },
    });
  });

  it("encodes the path in the permalink and escapes it in link text", () => {
    const task = buildTask("docs/my tasks [draft].md#Intro", { title: "Intro", line: 3, endLine: 3 });
    const body = renderBody({ task, path: "docs/my tasks [draft].md", source: { ...SOURCE, serverUrl: "https://ghe.example.com/" }, done: false });
    expect(body).toContain(
      "[docs/my tasks \\[draft\\].md](https://ghe.example.com/acme/app/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/docs/my%20tasks%20%5Bdraft%5D.md#L3-L3)",
    );
  });

  it("neutralises marker-like comments in task text so a document cannot forge a marker or end the block", () => {
    const forged = '<!-- taskmirror:state {"v":1,"key":"TASK-999","path":"x","done":true,"items":[]} -->';
    const task = buildTask("TASK-002", {
      description: `Sneaky:\n\n<!-- taskmirror:end -->\n${forged}\n<!--TaskMirror : begin -->`,
      fields: { effort: "<!-- taskmirror:end -->" },
      items: [["<!-- taskmirror:end --> tick me", false, "<!-- taskmirror:checklist -->"]],
      dependsOn: ["<!-- taskmirror:end -->"],
    });
    const body = renderBody({ task, path: "docs/<!-- taskmirror:end -->.md", source: SOURCE, done: false });
    expect(body.split("<!-- taskmirror:end -->")).toHaveLength(2);
    expect(body.split("<!-- taskmirror:begin -->")).toHaveLength(2);
    expect(body.split("<!-- taskmirror:checklist -->")).toHaveLength(2);
    expect(body.match(/<!-- taskmirror:state /g)).toHaveLength(1);
    expect(body).toContain("<!-- taskmirror\u200b:end -->\n<!-- taskmirror\u200b:state {");
    expect(body).toContain("<!--TaskMirror\u200b : begin -->");
    expect(parseMarker(body)?.key).toBe("TASK-002");
    expect(findBlock(body)?.end).toBe(body.length);
    expect(readIssueChecklist(body)).toEqual([
      {
        key: normalizeItemText("<!-- taskmirror:end --> tick me"),
        text: "<!-- taskmirror\u200b:end --> tick me",
        checked: false,
        offset: expect.any(Number),
        section: "<!-- taskmirror:checklist -->",
      },
    ]);
  });

  it("closes a fence the description leaves open, so the checklist stays a checklist", () => {
    const task = buildTask("TASK-003", { description: "Run:\n\n~~~~bash\nmake\n", items: ["Done"] });
    const body = renderBody({ task, path: "t.md", source: SOURCE, done: false });
    expect(body).toContain("Run:\n\n~~~~bash\nmake\n~~~~\n\n<!-- taskmirror:checklist -->\n- [ ] Done");
  });

  it("writes multi-line item text on one line whose key is the item's key", () => {
    const task = buildTask("TASK-004", { items: ["First line\n  continues **here**", "  padded  "] });
    const body = renderBody({ task, path: "t.md", source: SOURCE, done: false });
    expect(body).toContain("- [ ] First line continues **here**\n- [ ] padded\n");
    expect(readIssueChecklist(body).map((item) => item.key)).toEqual(task.checklist.map((item) => item.key));
  });

  it("gives back the file's item keys for any item text (the two-way sync depends on it)", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", minLength: 1 }),
      fc.constantFrom("Review", "review", "**Review**", "[Review](http://x)", "`a`  b", "<!-- taskmirror:end -->", "a\nb", "a\u2028b\rc", "Ｆｕｌｌ ｗｉｄｔｈ"),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.boolean(), fc.option(fc.constantFrom("A", "B"), { nil: undefined })), { maxLength: 8 }), (specs) => {
        const items: ItemSpec[] = specs.map(([t, c, s]) => (s === undefined ? [t, c] : [t, c, s]));
        const task = buildTask("TASK-005", { items: items.filter(([t]) => normalizeItemText(String(t)) !== "") as ItemSpec[] });
        const body = renderBody({ task, path: "t.md", source: SOURCE, done: false });
        const read = readIssueChecklist(body);
        expect(read.map((item) => [item.key, item.checked])).toEqual(task.checklist.map((item) => [item.key, item.checked]));
        for (const item of read) expect(body.charAt(item.offset)).toBe(item.checked ? "x" : " ");
      }),
      { numRuns: 300 },
    );
  });

  describe(`within ${ISSUE_BODY_MAX} characters`, () => {
    const hugeDescription = Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} of a very long description.`).join("\n");
    const manyItems: ItemSpec[] = Array.from({ length: 4000 }, (_, i) => [`Checklist item number ${i} with some words`, i % 3 === 0]);

    it("cuts the description first, at a line, with a link to the source", () => {
      const task = buildTask("TASK-006", { description: hugeDescription, items: manyItems.slice(0, 50), line: 5, endLine: 4000 });
      const body = renderBody({ task, path: "big.md", source: SOURCE, done: false });
      expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_MAX);
      expect(body.length).toBeGreaterThan(ISSUE_BODY_MAX - 100);
      expect(readIssueChecklist(body)).toHaveLength(50);
      expect(body).toMatch(/Paragraph \d+ of a very long description\.\n\n<!-- taskmirror:checklist -->/);
      expect(body).toContain(
        "… cut: see the full task in [big.md](https://github.com/acme/app/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/big.md#L5-L4000)",
      );
      expect(parseMarker(body)?.items).toEqual(Object.fromEntries(task.checklist.filter((i) => i.checked).map((i) => [i.key, true])));
    });

    it("then cuts the checklist's tail; the marker stays intact and holds only the items shown", () => {
      const task = buildTask("TASK-007", { description: hugeDescription, items: manyItems });
      const body = renderBody({ task, path: "big.md", source: SOURCE, done: true });
      expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_MAX);
      expect(body).not.toContain("Paragraph 0");
      const shown = readIssueChecklist(body);
      expect(shown.length).toBeGreaterThan(1000);
      expect(shown.length).toBeLessThan(4000);
      expect(shown.map((i) => i.key)).toEqual(task.checklist.slice(0, shown.length).map((i) => i.key));
      const marker = parseMarker(body);
      expect(marker?.done).toBe(true);
      expect(Object.keys(marker?.items ?? {})).toEqual(task.checklist.slice(0, shown.length).filter((i) => i.checked).map((i) => i.key));
      expect(body.endsWith(" -->")).toBe(true);
      expect(body).toContain("\n\n… cut: see the full task in [big.md]");
    });

    it("fits a smaller budget (room left by a person's text) the same way", () => {
      const task = buildTask("TASK-008", { description: hugeDescription, items: manyItems.slice(0, 100) });
      const body = renderBody({ task, path: "big.md", source: SOURCE, done: false, maxChars: 3000 });
      expect(body.length).toBeLessThanOrEqual(3000);
      expect(readIssueChecklist(body).length).toBeGreaterThan(10);
    });

    it("closes a fence that the cut leaves open", () => {
      const fenced = `Intro\n\n\`\`\`text\n${"code line\n".repeat(8000)}\`\`\`\nAfter`;
      const task = buildTask("TASK-009", { description: fenced, items: ["Only item"] });
      const body = renderBody({ task, path: "big.md", source: SOURCE, done: false });
      expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_MAX);
      expect(body).toMatch(/code line\n```\n\n<!-- taskmirror:checklist -->\n- \[ \] Only item/);
    });
  });
});
