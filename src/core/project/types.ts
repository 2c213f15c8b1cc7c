/**
 * A GitHub Project (v2) as the sync sees it: its fields, and the items of the synced
 * repository's issues with their field values — read with GraphQL (src/github/project), planned
 * here. Values are in the shape of GraphQL's `ProjectV2FieldValue` input, so a planned value is
 * sent as it is.
 */

/** `ProjectV2FieldType`: TEXT, NUMBER, DATE, SINGLE_SELECT, ITERATION, and built-ins (TITLE, ASSIGNEES, LABELS…) that follow the issue. */
export type ProjectFieldType = string;

export interface ProjectOption {
  id: string;
  name: string;
  color: string;
  description: string;
}

export interface ProjectField {
  id: string;
  name: string;
  dataType: ProjectFieldType;
  /** SINGLE_SELECT only. */
  options: ProjectOption[];
  /** ITERATION only: current and completed iterations. */
  iterations: Array<{ id: string; title: string }>;
}

export type ProjectValue =
  | { text: string }
  | { number: number }
  | { date: string }
  | { singleSelectOptionId: string }
  | { iterationId: string };

export interface ProjectItem {
  id: string;
  /** The number in the synced repository. */
  number: number;
  /** Values by field id (custom fields only). */
  values: Record<string, ProjectValue>;
  /**
   * Who set each single-select value the item shows (the value's `creator`; GraphQL's login, a
   * bot's without `[bot]`), by field id; null: GitHub does not say (a deleted account).
   */
  setBy?: Record<string, { login: string; id: number | null } | null>;
}

export interface ProjectBoard {
  id: string;
  title: string;
  /** The project's `updatedAt` (any item or field change moves it): what a reconcile compares. */
  updatedAt?: string;
  /** When the read began (epoch ms, this machine's clock). */
  readAt?: number;
  fields: ProjectField[];
  /** Items whose content is an issue of the synced repository. */
  items: ProjectItem[];
}

/** What the planner asks the project for, in order: options first, then items, then values. */
export type ProjectOperation =
  | { kind: "create-option"; fieldId: string; fieldName: string; name: string }
  | { kind: "add-item"; key: string; number: number }
  | { kind: "set-field"; key: string; number: number; fieldId: string; fieldName: string; value: ProjectValue }
  | { kind: "clear-field"; key: string; number: number; fieldId: string; fieldName: string };

/** Which project a config's URL names. */
export interface ProjectRef {
  ownerType: "Organization" | "User";
  login: string;
  number: number;
}
