import type { ProjectBoard, ProjectOperation } from "../../core/project/types.js";
import type { GitHubScope } from "../types.js";

/**
 * One planned change to the project, as GraphQL's Projects v2 mutations make it
 * (https://docs.github.com/en/issues/planning-and-tracking-with-projects/automating-your-project/using-the-api-to-manage-projects).
 * `itemIds` (issue number → item id) learns the items added.
 */
export async function applyProjectOperation(
  { octokit }: GitHubScope,
  board: ProjectBoard,
  operation: ProjectOperation,
  context: { itemIds: Map<number, string>; nodeIds: ReadonlyMap<number, string> },
): Promise<void> {
  const projectId = board.id;
  const itemOf = (number: number) => {
    const id = context.itemIds.get(number);
    if (id === undefined) throw new Error(`issue #${number} is not an item of the project (adding it failed)`);
    return id;
  };
  switch (operation.kind) {
    case "create-option": {
      const field = board.fields.find((candidate) => candidate.id === operation.fieldId);
      if (!field) throw new Error(`no project field ${operation.fieldName}`);
      // The mutation replaces the field's options with the list given: the existing ones are
      // sent back as they are (kept by name, they keep their ids and the items' values).
      const singleSelectOptions = [
        ...field.options.map(({ name, color, description }) => ({ name, color, description })),
        { name: operation.name, color: "GRAY", description: "" },
      ];
      await octokit.graphql(
        `mutation AddProjectOption($fieldId: ID!, $options: [ProjectV2SingleSelectFieldOptionInput!]) {
  updateProjectV2Field(input: { fieldId: $fieldId, singleSelectOptions: $options }) { projectV2Field { ... on ProjectV2SingleSelectField { id } } }
}`,
        { fieldId: field.id, options: singleSelectOptions },
      );
      field.options.push({ id: "", name: operation.name, color: "GRAY", description: "" });
      return;
    }
    case "add-item": {
      const contentId = context.nodeIds.get(operation.number);
      if (contentId === undefined) throw new Error(`issue #${operation.number} not found`);
      const answer = await octokit.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(
        `mutation AddProjectItem($projectId: ID!, $contentId: ID!) {
  addProjectV2ItemById(input: { projectId: $projectId, contentId: $contentId }) { item { id } }
}`,
        { projectId, contentId },
      );
      context.itemIds.set(operation.number, answer.addProjectV2ItemById.item.id);
      return;
    }
    case "set-field": {
      await octokit.graphql(
        `mutation SetProjectField($projectId: ID!, $itemId: ID!, $fieldId: ID!, $value: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: { projectId: $projectId, itemId: $itemId, fieldId: $fieldId, value: $value }) { projectV2Item { id } }
}`,
        { projectId, itemId: itemOf(operation.number), fieldId: operation.fieldId, value: operation.value },
      );
      return;
    }
    case "clear-field": {
      await octokit.graphql(
        `mutation ClearProjectField($projectId: ID!, $itemId: ID!, $fieldId: ID!) {
  clearProjectV2ItemFieldValue(input: { projectId: $projectId, itemId: $itemId, fieldId: $fieldId }) { projectV2Item { id } }
}`,
        { projectId, itemId: itemOf(operation.number), fieldId: operation.fieldId },
      );
      return;
    }
  }
}
