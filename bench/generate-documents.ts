/** Generated task documents of a given size, in three formats, for the benchmarks. */

export type BenchFormat = "spec-kit" | "numbered-checklist" | "task-headings";

export function generateDocument(format: BenchFormat, tasks: number): string {
  const out: string[] = [];
  if (format === "spec-kit") {
    out.push("# Tasks: Generated feature", "");
    for (let i = 0; i < tasks; i++) {
      if (i % 50 === 0) out.push("", `## Phase ${i / 50 + 1}: Stage ${i / 50 + 1}`, "");
      const id = `T${String(i + 1).padStart(5, "0")}`;
      out.push(`- [${i % 3 === 0 ? "x" : " "}] ${id}${i % 2 ? " [P]" : ""} [US${(i % 7) + 1}] Implement part ${i} in src/module${i % 13}/file${i}.ts`);
    }
  } else if (format === "numbered-checklist") {
    out.push("# Implementation Tasks", "");
    const groups = Math.ceil(tasks / 5);
    let made = 0;
    for (let g = 1; g <= groups && made < tasks; g++) {
      out.push(`- [ ] ${g}. Group ${g}`);
      made++;
      for (let s = 1; s <= 4 && made < tasks; s++, made++) {
        out.push(`  - [${s % 2 ? "x" : " "}] ${g}.${s} Sub-task ${g}.${s}`, `    - Detail for ${g}.${s}`, `    - _Requirements: ${g}.${s}_`, "");
      }
    }
  } else {
    out.push("# Implementation Tasks", "");
    for (let i = 1; i <= tasks; i++) {
      if ((i - 1) % 25 === 0) out.push(`## Phase ${Math.ceil(i / 25)}: Stage - Sprint ${Math.ceil(i / 100)}`, "");
      const id = `TASK-${String(i).padStart(5, "0")}`;
      out.push(
        `### ${id}: Build component ${i}`,
        "**Priority**: P1  ",
        "**Effort**: 4 hours  ",
        "**Assignee**: Platform Engineer  ",
        `**Dependencies**: ${i > 1 ? `TASK-${String(i - 1).padStart(5, "0")}` : "None"}`,
        "",
        "**Subtasks**:",
        `- [ ] First step of ${i}`,
        `- [x] Second step of ${i}`,
        "",
        "**Acceptance Criteria**:",
        `- Component ${i} works`,
        "",
        "---",
        "",
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** A task-headings document of about `bytes` characters (4 MB: about 15,500 tasks). */
export function generateTaskHeadings(bytes: number): string {
  const perTask = generateDocument("task-headings", 1000).length / 1000;
  return generateDocument("task-headings", Math.ceil(bytes / perTask));
}

