import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderBody } from "../../../src/core/render/render-body.js";
import { estimateBodyLength } from "../../../src/core/validate/estimate-body-length.js";
import { doc, item, task } from "../support/build.js";

const source = {
  serverUrl: "https://github.example-enterprise.internal.corp",
  owner: "an-organisation-with-a-long-name",
  repo: "a-repository-with-a-rather-long-name-too",
  sha: "0123456789abcdef0123456789abcdef01234567",
};
const rendered = (t: ReturnType<typeof task>, path: string) =>
  renderBody({ task: t, path, source, done: false, maxChars: Number.POSITIVE_INFINITY, parent: t.parentKey, blockedBy: t.dependsOn }).length;

const text = fc.string({ unit: fc.constantFrom("a", " ", "<", ">", "`", "\"", "\\", "é", "😀", "\n", "<!-- taskmirror:"), maxLength: 80 });

describe("estimateBodyLength", () => {
  it("never estimates less than the renderer writes", () => {
    fc.assert(
      fc.property(
        fc.record({
          path: fc.constantFrom("tasks.md", "docs/Fünf Aufgaben/tasks.md", "specs/004-recall/tasks.md"),
          title: text,
          description: fc.string({ maxLength: 2_000 }),
          items: fc.array(fc.record({ text, checked: fc.boolean(), section: fc.option(text, { nil: undefined }) }), { maxLength: 60 }),
          dependsOn: fc.array(text, { maxLength: 5 }),
          parentKey: fc.option(text, { nil: undefined }),
        }),
        ({ path, title, description, items, dependsOn, parentKey }) => {
          const t = task(`${path}#${title}`, {
            title,
            description,
            dependsOn,
            parentKey,
            fields: { status: "in progress", priority: "P1", roles: ["DevOps Engineer"], effort: "4 hours" },
            checklist: items.map((i, n) => item(i.text, n + 2, i.checked, { key: `${i.text}#${n}`, section: i.section })),
          });
          expect(estimateBodyLength(t, doc(path, [t]))).toBeGreaterThanOrEqual(rendered(t, path));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("stays within a few thousand characters of the real body on a long task", () => {
    const t = task("TASK-002", {
      description: "Some description.\n".repeat(500),
      checklist: Array.from({ length: 800 }, (_, i) => item(`Item ${i} with \`code\``, i + 2, i % 3 === 0, { section: `Part ${i % 5}` })),
      dependsOn: ["TASK-001", "TASK-003"],
    });
    const real = rendered(t, "tasks/TASK-002.md");
    const estimate = estimateBodyLength(t, doc("tasks/TASK-002.md", [t]));
    expect(estimate).toBeGreaterThanOrEqual(real);
    expect(estimate - real).toBeLessThan(2_000);
  });
});
