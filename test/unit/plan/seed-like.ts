import type { Document } from "../../../src/core/model/types.js";
import { buildTask, doc } from "../support/build.js";

/** Documents shaped like the seeds: task headings with phases, a child task, spec-kit, a phase plan. */
export function seedLikeDocuments(): Document[] {
  return [
    doc("docs/TASKS.md", [
      buildTask("TASK-001", {
        title: "Edge layer",
        line: 5,
        fields: { priority: "P0", effort: "4h", roles: ["DevOps Engineer"], phase: "1", sprint: "Sprint 1" },
        description: "Install NGINX in front of the services.",
        items: [["Write nginx.conf", true, "Subtasks"], ["Add TLS", false, "Subtasks"]],
      }),
      buildTask("TASK-002", {
        title: "Rate limiting",
        line: 20,
        fields: { priority: "P1", status: "in progress", phase: "1" },
        dependsOn: ["TASK-003", "TASK-001"],
        items: [["Limit per IP", false, "Subtasks"]],
      }),
      buildTask("TASK-003", { title: "Metrics", line: 30, fields: { priority: "P2", status: "done", phase: "1" } }),
      buildTask("TASK-004", { title: "Parent work", line: 40, fields: { priority: "P3" } }),
      buildTask("TASK-004.1", { title: "Child work", line: 45, parentKey: "TASK-004", dependsOn: ["TASK-999"] }),
    ]),
    doc("specs/001-auth/tasks.md", [
      buildTask("specs/001-auth/tasks.md#T001", { id: "T001", title: "Create the project", line: 8, box: true, fields: { phase: "1" } }),
      buildTask("specs/001-auth/tasks.md#T002", {
        id: "T002",
        title: "Login form in src/login.tsx",
        line: 9,
        box: false,
        fields: { phase: "2", parallel: true, story: "US1" },
        dependsOn: ["specs/001-auth/tasks.md#T001"],
      }),
    ]),
    doc("PLAN.md", [
      buildTask("PLAN.md#Database schema", {
        title: "Database schema",
        line: 12,
        box: false,
        fields: { phase: "1", effort: "2 days" },
        items: ["Users table", "Users table", ["Indexes", true]],
      }),
    ]),
  ];
}
