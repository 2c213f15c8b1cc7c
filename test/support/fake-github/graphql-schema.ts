import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSchema, type GraphQLSchema } from "graphql";

/**
 * What GitHub's public schema gained after the last release of `@octokit/graphql-schema`
 * (15.26.1, built from the schema of 2025-02-27; octokit/graphql-schema#1030 "Latest release is
 * severely outdated"): issue types and issue dependencies. Only these definitions are added,
 * each as GitHub serves it and as GitHub's own clients call it (github/github-mcp-server's
 * `addBlockedBy(input: {issueId, blockingIssueId})` and `blockedBy(first:, after:)`;
 * `updateIssueIssueType(input: {issueId, issueTypeId})`, `issueType { id name color }` and
 * `organization { issueTypes(first:) }` as clients of the issue types preview call them,
 * https://github.com/orgs/community/discussions/139933). Everything else is validated against
 * the published schema unchanged.
 */
export const SCHEMA_ADDITIONS = /* GraphQL */ `
"The possible colors for an issue type"
enum IssueTypeColor { BLUE GRAY GREEN ORANGE PINK PURPLE RED YELLOW }

"Represents the type of Issue."
type IssueType implements Node {
  color: IssueTypeColor!
  description: String
  id: ID!
  isEnabled: Boolean!
  name: String!
}

type IssueTypeConnection {
  edges: [IssueTypeEdge]
  nodes: [IssueType]
  pageInfo: PageInfo!
  totalCount: Int!
}

type IssueTypeEdge {
  cursor: String!
  node: IssueType
}

"Summary of the state of an issue's dependencies"
type IssueDependenciesSummary {
  blockedBy: Int!
  blocking: Int!
  totalBlockedBy: Int!
  totalBlocking: Int!
}

extend type Issue {
  issueType: IssueType
  blockedBy(after: String, before: String, first: Int, last: Int): IssueConnection!
  blocking(after: String, before: String, first: Int, last: Int): IssueConnection!
  issueDependenciesSummary: IssueDependenciesSummary!
}

extend type Organization {
  issueTypes(after: String, before: String, first: Int, last: Int): IssueTypeConnection
}

extend type Repository {
  issueType(name: String!): IssueType
  issueTypes(after: String, before: String, first: Int, last: Int): IssueTypeConnection
}

extend input CreateIssueInput {
  issueTypeId: ID
}

extend input UpdateIssueInput {
  issueTypeId: ID
}

input UpdateIssueIssueTypeInput {
  clientMutationId: String
  issueId: ID!
  issueTypeId: ID
}

type UpdateIssueIssueTypePayload {
  clientMutationId: String
  issue: Issue
}

input AddBlockedByInput {
  blockingIssueId: ID!
  clientMutationId: String
  issueId: ID!
}

type AddBlockedByPayload {
  blockingIssue: Issue
  clientMutationId: String
  issue: Issue
}

input RemoveBlockedByInput {
  blockingIssueId: ID!
  clientMutationId: String
  issueId: ID!
}

type RemoveBlockedByPayload {
  blockingIssue: Issue
  clientMutationId: String
  issue: Issue
}

extend type Mutation {
  addBlockedBy(input: AddBlockedByInput!): AddBlockedByPayload
  removeBlockedBy(input: RemoveBlockedByInput!): RemoveBlockedByPayload
  updateIssueIssueType(input: UpdateIssueIssueTypeInput!): UpdateIssueIssueTypePayload
}
`;

function schemaFile(): string {
  // The package exports only its ESM entry (which parses the 8 MB JSON schema on import), so
  // the SDL file is found beside it on the resolver's search path.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("@octokit/graphql-schema") ?? []) {
    const file = join(dir, "@octokit", "graphql-schema", "schema.graphql");
    if (existsSync(file)) return file;
  }
  throw new Error("fake GitHub: @octokit/graphql-schema is not installed");
}

let cached: GraphQLSchema | undefined;

/**
 * GitHub's GraphQL schema, built once per process (~0.2 s) from `@octokit/graphql-schema`'s SDL
 * and the additions above. The SDL defines two fields of `EnterpriseOwnerInfo` twice, which
 * graphql-js's SDL validation refuses; GitHub serves it as it is, so the SDL is taken as valid.
 */
export function loadGraphqlSchema(): GraphQLSchema {
  cached ??= buildSchema(`${readFileSync(schemaFile(), "utf8")}\n${SCHEMA_ADDITIONS}`, { assumeValidSDL: true });
  return cached;
}
