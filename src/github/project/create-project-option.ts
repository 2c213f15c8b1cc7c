import type { ProjectBoard, ProjectOperation } from "../../core/project/types.js";
import type { GitHubScope } from "../types.js";

/**
 * Adds a single-select option to a project field (`updateProjectV2Field`,
 * https://docs.github.com/en/issues/planning-and-tracking-with-projects/automating-your-project/using-the-api-to-manage-projects).
 * The mutation replaces the field's options with the list given: the existing ones are sent
 * back as they are (kept by name, they keep their ids and the items' values).
 */
export async function createProjectOption({ octokit }: GitHubScope, board: ProjectBoard, operation: Extract<ProjectOperation, { kind: "create-option" }>): Promise<void> {
  const field = board.fields.find((candidate) => candidate.id === operation.fieldId);
  if (!field) throw new Error(`no project field ${operation.fieldName}`);
  const options = [...field.options.map(({ name, color, description }) => ({ name, color, description })), { name: operation.name, color: "GRAY", description: "" }];
  await octokit.graphql(
    `mutation AddProjectOption($fieldId: ID!, $options: [ProjectV2SingleSelectFieldOptionInput!]) {
  updateProjectV2Field(input: { fieldId: $fieldId, singleSelectOptions: $options }) { projectV2Field { ... on ProjectV2SingleSelectField { id } } }
}`,
    { fieldId: field.id, options },
  );
}
