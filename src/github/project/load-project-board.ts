import { PAGE_SIZE_MAX } from "../../core/limits.js";
import type { ProjectBoard, ProjectField, ProjectItem, ProjectRef, ProjectValue } from "../../core/project/types.js";
import type { GitHubScope } from "../types.js";

/**
 * Fields and an item's values are read as one page of GraphQL's largest (100): a project holds
 * far fewer fields than that (GitHub caps them at about 50).
 */
const FIELDS_PAGE = PAGE_SIZE_MAX;

interface FieldNode {
  id?: string;
  name?: string;
  dataType?: string;
  options?: Array<{ id: string; name: string; color: string; description: string }>;
  configuration?: { iterations: Array<{ id: string; title: string }>; completedIterations: Array<{ id: string; title: string }> };
}

interface ValueNode {
  field?: { id?: string };
  text?: string | null;
  number?: number | null;
  date?: string | null;
  optionId?: string | null;
  iterationId?: string | null;
  creator?: { login: string; databaseId?: number | null } | null;
}

interface ItemNode {
  id: string;
  content: { number?: number; repository?: { nameWithOwner: string } } | null;
  fieldValues: { nodes: Array<ValueNode | null> };
}

interface BoardAnswer {
  owner: {
    projectV2: {
      id: string;
      title: string;
      updatedAt?: string;
      fields?: { nodes: Array<FieldNode | null> };
      items: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<ItemNode | null> };
    } | null;
  } | null;
}

const query = (root: "organization" | "user") => `
query ProjectBoard($login: String!, $number: Int!, $after: String, $withFields: Boolean!) {
  owner: ${root}(login: $login) {
    projectV2(number: $number) {
      id
      title
      updatedAt
      fields(first: ${FIELDS_PAGE}) @include(if: $withFields) {
        nodes {
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2SingleSelectField { options { id name color description } }
          ... on ProjectV2IterationField { configuration { iterations { id title } completedIterations { id title } } }
        }
      }
      items(first: ${PAGE_SIZE_MAX}, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          content { ... on Issue { number repository { nameWithOwner } } }
          fieldValues(first: ${FIELDS_PAGE}) {
            nodes {
              ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldSingleSelectValue { optionId creator { login ... on User { databaseId } } field { ... on ProjectV2FieldCommon { id } } }
              ... on ProjectV2ItemFieldIterationValue { iterationId field { ... on ProjectV2FieldCommon { id } } }
            }
          }
        }
      }
    }
  }
}`;

/**
 * The project's fields and its items of this repository's issues, with their values: a page of
 * 100 items per query (the fields with the first), items of other repositories skipped. Null
 * when the project does not exist; GraphQL errors (no access: "Resource not accessible by
 * integration") are thrown.
 */
export async function loadProjectBoard({ octokit, repo }: GitHubScope, ref: ProjectRef): Promise<ProjectBoard | null> {
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
  const board: ProjectBoard = { id: "", title: "", fields: [], items: [], readAt: Date.now() };
  let after: string | null = null;
  for (;;) {
    const answer: BoardAnswer = await octokit.graphql<BoardAnswer>(query(ref.ownerType === "Organization" ? "organization" : "user"), {
      login: ref.login,
      number: ref.number,
      after,
      withFields: after === null,
    });
    const project = answer.owner?.projectV2;
    if (!project) return null;
    if (after === null) {
      board.id = project.id;
      board.title = project.title;
      if (project.updatedAt !== undefined) board.updatedAt = project.updatedAt;
      board.fields = (project.fields?.nodes ?? []).flatMap((node) => (node?.id && node.name && node.dataType ? [toField(node)] : []));
    }
    for (const node of project.items.nodes) {
      const content = node?.content;
      if (!node || content?.number === undefined || content.repository?.nameWithOwner.toLowerCase() !== fullName) continue;
      board.items.push(toItem(node, content.number));
    }
    if (!project.items.pageInfo.hasNextPage || project.items.pageInfo.endCursor === null) return board;
    after = project.items.pageInfo.endCursor;
  }
}

function toField(node: FieldNode): ProjectField {
  const { configuration } = node;
  return {
    id: node.id!,
    name: node.name!,
    dataType: node.dataType!,
    options: node.options ?? [],
    iterations: configuration ? [...configuration.iterations, ...configuration.completedIterations] : [],
  };
}

function toItem(node: ItemNode, number: number): ProjectItem {
  const values: Record<string, ProjectValue> = {};
  const setBy: NonNullable<ProjectItem["setBy"]> = {};
  for (const value of node.fieldValues.nodes) {
    const fieldId = value?.field?.id;
    if (!value || !fieldId) continue;
    if (typeof value.text === "string") values[fieldId] = { text: value.text };
    else if (typeof value.number === "number") values[fieldId] = { number: value.number };
    else if (typeof value.date === "string") values[fieldId] = { date: value.date.slice(0, 10) };
    else if (typeof value.optionId === "string") {
      values[fieldId] = { singleSelectOptionId: value.optionId };
      setBy[fieldId] = value.creator ? { login: value.creator.login, id: value.creator.databaseId ?? null } : null;
    }
    else if (typeof value.iterationId === "string") values[fieldId] = { iterationId: value.iterationId };
  }
  return { id: node.id, number, values, setBy };
}
