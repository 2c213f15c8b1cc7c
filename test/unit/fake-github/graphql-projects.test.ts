import { describe, expect, it } from "vitest";
import type { CreatedProject } from "../../support/fake-github/index.js";
import { graphqlFailure, useGraphqlHarness, type Installed } from "./graphql-harness.js";

const h = useGraphqlHarness();

/** Two weeks from now: an iteration that has not ended. */
const SPRINT_START = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

async function orgProject(): Promise<CreatedProject> {
  return await h.fake.createProject({
    owner: "acme-org",
    ownerType: "Organization",
    title: "Roadmap",
    fields: [
      { name: "Priority", dataType: "SINGLE_SELECT", options: ["P0", "P1", "P2"] },
      { name: "Estimate", dataType: "NUMBER" },
      { name: "Start date", dataType: "DATE" },
      { name: "Phase", dataType: "TEXT" },
      { name: "Sprint", dataType: "ITERATION", iterations: [{ title: "Sprint 1", startDate: SPRINT_START }] },
    ],
  });
}

async function issueNode(installed: Installed, owner: string, repo: string, title: string): Promise<{ id: string; number: number }> {
  const { data } = await installed.octokit.issues.create({ owner, repo, title });
  return { id: data.node_id, number: data.number };
}

const FIELDS = /* GraphQL */ `
  query($number: Int!) {
    organization(login: "acme-org") {
      projectV2(number: $number) {
        id title
        fields(first: 20) {
          nodes {
            ... on ProjectV2SingleSelectField { id name dataType options { id name } }
            ... on ProjectV2Field { id name dataType }
            ... on ProjectV2IterationField { id name dataType configuration { iterations { id title startDate duration } } }
          }
        }
      }
    }
  }
`;

const ITEMS = /* GraphQL */ `
  query($owner: String!, $number: Int!, $after: String) {
    organization(login: $owner) {
      projectV2(number: $number) {
        items(first: 1, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id type
            content { ... on Issue { number repository { nameWithOwner } } }
            fieldValues(first: 20) {
              nodes {
                ... on ProjectV2ItemFieldSingleSelectValue { optionId name field { ... on ProjectV2FieldCommon { name } } }
                ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { name } } }
                ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { name } } }
                ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } }
                ... on ProjectV2ItemFieldIterationValue { iterationId title field { ... on ProjectV2FieldCommon { name } } }
              }
            }
          }
        }
      }
    }
  }
`;

type ItemsPage = { organization: { projectV2: { items: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ id: string; type: string; content: { number: number; repository: { nameWithOwner: string } }; fieldValues: { nodes: Array<Record<string, unknown>> } }> } } } };

describe("projects (v2)", () => {
  it("has GitHub's built-in fields and the custom ones, with options and iterations", async () => {
    const project = await orgProject();
    const { organization } = await h.org.graphql<{ organization: { projectV2: { id: string; title: string; fields: { nodes: Array<Record<string, unknown>> } } } }>(FIELDS, { number: project.number });
    expect([organization.projectV2.id, organization.projectV2.title]).toEqual([project.id, "Roadmap"]);
    const fields = organization.projectV2.fields.nodes;
    expect(fields.map((field) => [field.name, field.dataType])).toEqual([
      ["Title", "TITLE"],
      ["Assignees", "ASSIGNEES"],
      ["Status", "SINGLE_SELECT"],
      ["Labels", "LABELS"],
      ["Linked pull requests", "LINKED_PULL_REQUESTS"],
      ["Milestone", "MILESTONE"],
      ["Repository", "REPOSITORY"],
      ["Reviewers", "REVIEWERS"],
      ["Parent issue", "PARENT_ISSUE"],
      ["Sub-issues progress", "SUB_ISSUES_PROGRESS"],
      ["Priority", "SINGLE_SELECT"],
      ["Estimate", "NUMBER"],
      ["Start date", "DATE"],
      ["Phase", "TEXT"],
      ["Sprint", "ITERATION"],
    ]);
    expect(fields.find((field) => field.name === "Status")?.options).toEqual([
      { id: project.fields.Status?.options?.Todo, name: "Todo" },
      { id: project.fields.Status?.options?.["In Progress"], name: "In Progress" },
      { id: project.fields.Status?.options?.Done, name: "Done" },
    ]);
    expect(fields.find((field) => field.name === "Sprint")?.configuration).toEqual({ iterations: [{ id: project.fields.Sprint?.iterations?.["Sprint 1"], title: "Sprint 1", startDate: SPRINT_START, duration: 14 }] });
    expect(project.fields.Status?.id).toMatch(/^PVTSSF_/);
    expect(project.fields.Estimate?.id).toMatch(/^PVTF_/);
  });

  it("adds an issue once (adding it again returns the same item) and sets, reads and clears every kind of value", async () => {
    const project = await orgProject();
    const issue = await issueNode(h.org, "acme-org", "board", "TASK-1: Plan");
    const add = `mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`;
    const first = await h.org.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(add, { project: project.id, content: issue.id });
    const again = await h.org.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(add, { project: project.id, content: issue.id });
    expect(again.addProjectV2ItemById.item.id).toBe(first.addProjectV2ItemById.item.id);
    const item = first.addProjectV2ItemById.item.id;

    const set = `mutation($project: ID!, $item: ID!, $field: ID!, $value: ProjectV2FieldValue!) { updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: $value }) { projectV2Item { id } } }`;
    const values: Array<[string, Record<string, unknown>]> = [
      ["Status", { singleSelectOptionId: project.fields.Status?.options?.["In Progress"] }],
      ["Priority", { singleSelectOptionId: project.fields.Priority?.options?.P1 }],
      ["Estimate", { number: 3 }],
      ["Start date", { date: "2026-01-05" }],
      ["Phase", { text: "Design" }],
      ["Sprint", { iterationId: project.fields.Sprint?.iterations?.["Sprint 1"] }],
    ];
    for (const [name, value] of values) await h.org.graphql(set, { project: project.id, item, field: project.fields[name]?.id, value });

    const read = await h.org.graphql<ItemsPage>(ITEMS, { owner: "acme-org", number: project.number });
    const [node] = read.organization.projectV2.items.nodes;
    expect([node?.id, node?.type, node?.content]).toEqual([item, "ISSUE", { number: issue.number, repository: { nameWithOwner: "acme-org/board" } }]);
    expect(node?.fieldValues.nodes).toEqual([
      { text: "TASK-1: Plan", field: { name: "Title" } },
      { optionId: project.fields.Status?.options?.["In Progress"], name: "In Progress", field: { name: "Status" } },
      // The Repository value is a ProjectV2ItemFieldRepositoryValue: none of the fragments asked for it.
      {},
      { optionId: project.fields.Priority?.options?.P1, name: "P1", field: { name: "Priority" } },
      { number: 3, field: { name: "Estimate" } },
      { date: "2026-01-05", field: { name: "Start date" } },
      { text: "Design", field: { name: "Phase" } },
      { iterationId: project.fields.Sprint?.iterations?.["Sprint 1"], title: "Sprint 1", field: { name: "Sprint" } },
    ]);

    await h.org.graphql(`mutation($project: ID!, $item: ID!, $field: ID!) { clearProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field }) { projectV2Item { id } } }`, {
      project: project.id,
      item,
      field: project.fields.Estimate?.id,
    });
    expect(h.fake.project("acme-org", project.number).items).toEqual([
      { id: item, content: `acme-org/board#${issue.number}`, archived: false, values: { Status: "In Progress", Priority: "P1", "Start date": "2026-01-05", Phase: "Design", Sprint: "Sprint 1" } },
    ]);

    // The issue knows its items too.
    const { node: fromIssue } = await h.org.graphql<{ node: { projectItems: { nodes: Array<{ id: string; fieldValueByName: { name: string } }> } } }>(
      `query($id: ID!) { node(id: $id) { ... on Issue { projectItems(first: 10) { nodes { id fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } } } } } } }`,
      { id: issue.id },
    );
    expect(fromIssue.projectItems.nodes).toEqual([{ id: item, fieldValueByName: { name: "In Progress" } }]);

    const deleted = await h.org.graphql<{ deleteProjectV2Item: { deletedItemId: string } }>(`mutation($project: ID!, $item: ID!) { deleteProjectV2Item(input: { projectId: $project, itemId: $item }) { deletedItemId } }`, { project: project.id, item });
    expect(deleted.deleteProjectV2Item.deletedItemId).toBe(item);
    expect(h.fake.project("acme-org", project.number).items).toEqual([]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("projects_v2_item."))).toEqual(["projects_v2_item.created", ...values.map(() => "projects_v2_item.edited"), "projects_v2_item.edited", "projects_v2_item.deleted"]);
    expect(h.webhookProblems()).toEqual([]);
  });

  it("pages items, and refuses a value of the wrong kind or an option the field lacks", async () => {
    const project = await orgProject();
    for (const title of ["A", "B"]) {
      const issue = await issueNode(h.org, "acme-org", "board", title);
      await h.org.graphql(`mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }`, { p: project.id, c: issue.id });
    }
    const first = await h.org.graphql<ItemsPage>(ITEMS, { owner: "acme-org", number: project.number });
    expect([first.organization.projectV2.items.nodes.map((node) => node.content.number), first.organization.projectV2.items.pageInfo.hasNextPage]).toEqual([[1], true]);
    const second = await h.org.graphql<ItemsPage>(ITEMS, { owner: "acme-org", number: project.number, after: first.organization.projectV2.items.pageInfo.endCursor });
    expect([second.organization.projectV2.items.nodes.map((node) => node.content.number), second.organization.projectV2.items.pageInfo.hasNextPage]).toEqual([[2], false]);

    const item = first.organization.projectV2.items.nodes[0]?.id;
    const set = `mutation($p: ID!, $i: ID!, $f: ID!, $v: ProjectV2FieldValue!) { updateProjectV2ItemFieldValue(input: { projectId: $p, itemId: $i, fieldId: $f, value: $v }) { projectV2Item { id } } }`;
    const wrongKind = await graphqlFailure(h.org.graphql(set, { p: project.id, i: item, f: project.fields.Estimate?.id, v: { text: "three" } }));
    expect(wrongKind.errors.map((error) => error.type)).toEqual(["UNPROCESSABLE"]);
    const noOption = await graphqlFailure(h.org.graphql(set, { p: project.id, i: item, f: project.fields.Status?.id, v: { singleSelectOptionId: "nope" } }));
    expect(noOption.errors.map((error) => error.type)).toEqual(["NOT_FOUND"]);
    const builtIn = await graphqlFailure(h.org.graphql(set, { p: project.id, i: item, f: project.fields.Title?.id, v: { text: "renamed" } }));
    expect(builtIn.errors.map((error) => error.type)).toEqual(["UNPROCESSABLE"]);
  });

  it("creates a field and adds options to one, keeping the ids of options that stay", async () => {
    const project = await orgProject();
    const created = await h.org.graphql<{ createProjectV2Field: { projectV2Field: { id: string; name: string; options: Array<{ name: string }> } } }>(
      `mutation($p: ID!) { createProjectV2Field(input: { projectId: $p, dataType: SINGLE_SELECT, name: "Effort", singleSelectOptions: [{ name: "S", color: GREEN, description: "" }] }) { projectV2Field { ... on ProjectV2SingleSelectField { id name options { name } } } } }`,
      { p: project.id },
    );
    expect(created.createProjectV2Field.projectV2Field).toMatchObject({ name: "Effort", options: [{ name: "S" }] });
    const updated = await h.org.graphql<{ updateProjectV2Field: { projectV2Field: { options: Array<{ id: string; name: string }> } } }>(
      `mutation($f: ID!) { updateProjectV2Field(input: { fieldId: $f, singleSelectOptions: [{ name: "Todo", color: GRAY, description: "" }, { name: "In Progress", color: YELLOW, description: "" }, { name: "Done", color: PURPLE, description: "" }, { name: "Blocked", color: RED, description: "Waiting" }] }) { projectV2Field { ... on ProjectV2SingleSelectField { options { id name } } } } }`,
      { f: project.fields.Status?.id },
    );
    expect(updated.updateProjectV2Field.projectV2Field.options).toEqual([
      { id: project.fields.Status?.options?.Todo, name: "Todo" },
      { id: project.fields.Status?.options?.["In Progress"], name: "In Progress" },
      { id: project.fields.Status?.options?.Done, name: "Done" },
      { id: expect.any(String), name: "Blocked" },
    ]);
    const clash = await graphqlFailure(h.org.graphql(`mutation($p: ID!) { createProjectV2Field(input: { projectId: $p, dataType: NUMBER, name: "estimate" }) { projectV2Field { __typename } } }`, { p: project.id }));
    expect(clash.errors.map((error) => [error.type, error.message])).toEqual([["UNPROCESSABLE", "Name has already been taken"]]);
  });

  it("sends projects_v2_item.edited when a person moves an organization project's item, and nothing for a user project", async () => {
    const project = await orgProject();
    const issue = await issueNode(h.org, "acme-org", "board", "TASK-1");
    await h.fake.addProjectItem({ owner: "acme-org", project: project.number, repo: "acme-org/board", issue: issue.number, sender: "alice" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    h.receiver.received.length = 0;
    await h.fake.setProjectItemField({ owner: "acme-org", project: project.number, repo: "acme-org/board", issue: issue.number, field: "Status", value: "Done", sender: "alice" });
    const [hook, ...rest] = h.receiver.received;
    expect(rest).toEqual([]);
    expect(hook?.headers["x-github-event"]).toBe("projects_v2_item");
    const item = h.fake.project("acme-org", project.number).items[0];
    expect(hook?.payload).toMatchObject({
      action: "edited",
      projects_v2_item: { node_id: item?.id, project_node_id: project.id, content_node_id: issue.id, content_type: "Issue", archived_at: null },
      changes: {
        field_value: {
          field_node_id: project.fields.Status?.id,
          field_type: "single_select",
          field_name: "Status",
          project_number: project.number,
          from: null,
          to: { id: project.fields.Status?.options?.Done, name: "Done", color: "PURPLE", description: "This has been completed" },
        },
      },
      organization: { login: "acme-org" },
      sender: { login: "alice" },
      installation: { id: h.org.installationId },
    });
    expect(h.webhookProblems()).toEqual([]);
    // The same value again is no change and sends nothing.
    await h.fake.setProjectItemField({ owner: "acme-org", project: project.number, repo: "acme-org/board", issue: issue.number, field: "Status", value: "Done", sender: "alice" });
    expect(h.receiver.received).toHaveLength(1);

    const personal = await h.fake.createProject({ owner: "sam", ownerType: "User", title: "Mine" });
    const note = await issueNode(h.user, "sam", "notes", "Note");
    const added = await h.user.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(`mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }`, { p: personal.id, c: note.id });
    await h.fake.waitForQuiet({ quietMs: 50 });
    h.receiver.received.length = 0;
    await h.fake.setProjectItemField({ owner: "sam", project: personal.number, repo: "sam/notes", issue: note.number, field: "Status", value: "Done", sender: "sam" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.receiver.received).toEqual([]);
    const { user } = await h.user.graphql<{ user: { projectV2: { items: { nodes: Array<{ id: string; fieldValueByName: { name: string } }> } } } }>(
      `query { user(login: "sam") { projectV2(number: 1) { items(first: 10) { nodes { id fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } } } } } } }`,
    );
    expect(user.projectV2.items.nodes).toEqual([{ id: added.addProjectV2ItemById.item.id, fieldValueByName: { name: "Done" } }]);
  });

  it("reaches only the projects of the account it is installed on", async () => {
    const project = await orgProject();
    const elsewhere = await graphqlFailure(h.user.graphql(`query { organization(login: "acme-org") { projectV2(number: 1) { id } } }`));
    expect(elsewhere.errors.map((error) => [error.type, error.message])).toEqual([["NOT_FOUND", `Could not resolve to a ProjectV2 with the number ${project.number}.`]]);
  });
});

describe("the organization projects permission", () => {
  it("is needed for an organization's projects: without it GitHub answers 'Resource not accessible by integration'", async () => {
    await h.restart({ appPermissions: { checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" } });
    const g = h;
    const project = await g.fake.createProject({ owner: "acme-org", ownerType: "Organization", title: "Roadmap" });
    const read = await graphqlFailure(g.org.graphql(`query($n: Int!) { organization(login: "acme-org") { projectV2(number: $n) { id } } }`, { n: project.number }));
    expect(read).toEqual({
      data: { organization: { projectV2: null } },
      errors: [{ type: "FORBIDDEN", path: ["organization", "projectV2"], locations: [{ line: 1, column: 53 }], message: "Resource not accessible by integration" }],
    });
    const { data: issue } = await g.org.octokit.issues.create({ owner: "acme-org", repo: "board", title: "T" });
    const write = await graphqlFailure(g.org.graphql(`mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }`, { p: project.id, c: issue.node_id }));
    expect(write.errors.map((error) => [error.type, error.message])).toEqual([["FORBIDDEN", "Resource not accessible by integration"]]);
    expect(g.fake.project("acme-org", project.number).items).toEqual([]);
  });
});
