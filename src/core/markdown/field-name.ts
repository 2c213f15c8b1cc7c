/**
 * The normalised name of a metadata field as documents write it (`**Story Points**`,
 * `| **Assigned To** |`, `depends_on:`), or undefined when it is not a field the model knows.
 */
export type FieldName =
  | "id"
  | "title"
  | "status"
  | "priority"
  | "assignee"
  | "dependencies"
  | "points"
  | "sprint"
  | "phase"
  | "effort"
  | "type"
  | "due"
  | "labels"
  | "parent"
  | "requirements";

const NAMES: Record<string, FieldName> = {
  id: "id",
  title: "title",
  name: "title",
  status: "status",
  state: "status",
  priority: "priority",
  assignee: "assignee",
  assignees: "assignee",
  "assigned to": "assignee",
  assigned: "assignee",
  "engineer assigned": "assignee",
  owner: "assignee",
  owners: "assignee",
  dependencies: "dependencies",
  dependency: "dependencies",
  "depends on": "dependencies",
  "blocked by": "dependencies",
  points: "points",
  "story points": "points",
  "story point": "points",
  sp: "points",
  sprint: "sprint",
  iteration: "sprint",
  phase: "phase",
  effort: "effort",
  "estimated effort": "effort",
  estimate: "effort",
  "estimated time": "effort",
  "time estimate": "effort",
  estimation: "effort",
  type: "type",
  "task type": "type",
  "issue type": "type",
  due: "due",
  "due date": "due",
  deadline: "due",
  "target date": "due",
  labels: "labels",
  label: "labels",
  tags: "labels",
  parent: "parent",
  "parent task": "parent",
  "parent task id": "parent",
  "parent id": "parent",
  requirements: "requirements",
  requirement: "requirements",
};

export function fieldName(written: string): FieldName | undefined {
  const key = written
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[_-]+/g, " ")
    .replace(/[:\s]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return Object.hasOwn(NAMES, key) ? NAMES[key] : undefined;
}

/** The rawFields key of a field: its normalised name, or the written name in lower case. */
export function rawFieldKey(written: string): string {
  return fieldName(written) ?? written.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
