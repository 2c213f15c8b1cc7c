import type { Account } from "./types.js";

/**
 * What GitHub keeps beside an issue for planning — organization issue types, the edit history
 * of issue bodies, and projects (v2) with their fields and items — as plain records. The REST
 * routes render some of it (an issue's `type`); GraphQL reads all of it.
 */

/** The colours GitHub offers for issue types (REST: lower case; GraphQL's `IssueTypeColor`: upper case). */
export type IssueTypeColor = "gray" | "blue" | "green" | "yellow" | "orange" | "red" | "pink" | "purple";

export interface IssueTypeRecord {
  id: number;
  nodeId: string;
  /** The organization that defines it: issue types exist only for organizations. */
  ownerId: number;
  name: string;
  description: string | null;
  color: IssueTypeColor | null;
  isEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One version of an issue body: GraphQL's `UserContentEdit`, whose `diff` is the whole body after the edit. */
export interface ContentEdit {
  id: number;
  nodeId: string;
  editor: Account;
  editedAt: string;
  body: string;
}

/** Custom field types (`ProjectV2CustomFieldType`) and the built-in ones every project has. */
export type ProjectFieldType =
  | "TEXT"
  | "NUMBER"
  | "DATE"
  | "SINGLE_SELECT"
  | "ITERATION"
  | "TITLE"
  | "ASSIGNEES"
  | "LABELS"
  | "LINKED_PULL_REQUESTS"
  | "MILESTONE"
  | "REPOSITORY"
  | "REVIEWERS"
  | "PARENT_ISSUE"
  | "SUB_ISSUES_PROGRESS";

export const CUSTOM_FIELD_TYPES = ["TEXT", "NUMBER", "DATE", "SINGLE_SELECT", "ITERATION"] as const;

export type OptionColor = "GRAY" | "BLUE" | "GREEN" | "YELLOW" | "ORANGE" | "RED" | "PINK" | "PURPLE";

export interface SelectOption {
  /** GitHub's option ids are short hex strings, not node ids. */
  id: string;
  name: string;
  color: OptionColor;
  description: string;
}

export interface Iteration {
  id: string;
  title: string;
  /** `YYYY-MM-DD`. */
  startDate: string;
  /** Days. */
  duration: number;
}

export interface ProjectField {
  id: number;
  nodeId: string;
  projectId: number;
  name: string;
  dataType: ProjectFieldType;
  options: SelectOption[];
  iterations: Iteration[];
  iterationDuration: number;
  iterationStartDay: number;
  createdAt: string;
  updatedAt: string;
}

export type FieldValue =
  | { kind: "text"; text: string }
  | { kind: "number"; number: number }
  | { kind: "date"; date: string }
  | { kind: "singleSelect"; optionId: string }
  | { kind: "iteration"; iterationId: string };

export interface StoredValue {
  nodeId: string;
  value: FieldValue;
  creator: Account;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectItem {
  id: number;
  nodeId: string;
  projectId: number;
  /** The issue (or pull request's issue side) the item shows. */
  issueId: number;
  creator: Account;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** Values of custom fields, by field id; built-in fields are read from the issue itself. */
  values: Map<number, StoredValue>;
}

export interface Project {
  id: number;
  nodeId: string;
  number: number;
  owner: Account;
  title: string;
  shortDescription: string | null;
  readme: string | null;
  public: boolean;
  closed: boolean;
  creator: Account;
  createdAt: string;
  updatedAt: string;
  fieldIds: number[];
  /** In board order. */
  itemIds: number[];
}

export class PlanningState {
  readonly issueTypes = new Map<number, IssueTypeRecord>();
  /** Issue id → issue type id. */
  readonly issueTypeOf = new Map<number, number>();
  /** Issue id → its body's versions, oldest first (the first is the body it was created with). */
  readonly edits = new Map<number, ContentEdit[]>();
  readonly projects = new Map<number, Project>();
  readonly fields = new Map<number, ProjectField>();
  readonly items = new Map<number, ProjectItem>();
  #nextOptionId = 0x1f2a3b00;

  /** A short hex id for a select option or an iteration, as GitHub gives them. */
  nextOptionId(): string {
    this.#nextOptionId += 1;
    return this.#nextOptionId.toString(16);
  }

  typesOf(ownerId: number): IssueTypeRecord[] {
    return [...this.issueTypes.values()].filter((type) => type.ownerId === ownerId);
  }

  typeOfIssue(issueId: number): IssueTypeRecord | undefined {
    const typeId = this.issueTypeOf.get(issueId);
    return typeId === undefined ? undefined : this.issueTypes.get(typeId);
  }

  projectsOf(ownerId: number): Project[] {
    return [...this.projects.values()].filter((project) => project.owner.id === ownerId);
  }

  projectByNumber(ownerId: number, number: number): Project | undefined {
    return this.projectsOf(ownerId).find((project) => project.number === number);
  }

  fieldsOf(project: Project): ProjectField[] {
    return project.fieldIds.map((id) => this.fields.get(id) as ProjectField);
  }

  itemsOf(project: Project): ProjectItem[] {
    return project.itemIds.map((id) => this.items.get(id) as ProjectItem);
  }

  itemOf(project: Project, issueId: number): ProjectItem | undefined {
    return this.itemsOf(project).find((item) => item.issueId === issueId);
  }

  itemsOfIssue(issueId: number): ProjectItem[] {
    return [...this.items.values()].filter((item) => item.issueId === issueId);
  }
}
