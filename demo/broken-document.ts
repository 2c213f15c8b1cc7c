/**
 * The task document the demo's pull request adds: one problem of each kind on a known line.
 * Its ids (TASK-120, TASK-121) and its missing dependency (TASK-999) appear in no seed
 * document, so the problems are this document's own.
 */
export const BROKEN_DOCUMENT = {
  path: "docs/tasks/TASKS-guide.md",
  text: [
    "# User guide",
    "",
    "### TASK-120: Write the user guide",
    "**Priority**: P2  ",
    "**Dependencies**: TASK-999", // unknown dependency
    "",
    "- [ x] Outline the guide", // malformed checkbox
    "- [ ] Write the chapters",
    "",
    "---",
    "",
    "### TASK-120: Review the user guide", // duplicate id
    "**Priority**: P3  ",
    "**Dependencies**: None",
    "",
    "---",
    "",
    "### TASK-121: [Technical Task Title]", // placeholder
    "**Priority**: P2",
    "",
  ].join("\n"),
};
