export { FakeGitHubClient } from "./fake-github-client.js";
export { CONTROL_METHODS, type ControlMethod } from "./control-routes.js";
export type { CreateRepoInput, EditIssueInput, PushInput } from "./person-actions.js";
export type { CreateProjectInput, IssueTypeInput, ProjectFieldInput } from "./planning-actions.js";
export type { CreatedProject, ProjectItemRef, ProjectView } from "./planning-person-actions.js";
export type { Snapshot, SnapshotIssue, SnapshotRepo } from "./snapshot-state.js";
export { FakeGitHub, startFakeGitHub, type FakeGitHubOptions } from "./start-fake-github.js";
export type { Delivery, FailNextRule, RecordedRequest, RepoPermission, Violation, ViolationKind, WebhookConfig } from "./types.js";
