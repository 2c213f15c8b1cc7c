import { describe, expect, it } from "vitest";
import { graphqlFailure, useGraphqlHarness } from "./graphql-harness.js";

const h = useGraphqlHarness();

const board = { owner: "acme-org", repo: "board" };

async function repositoryId(): Promise<string> {
  const { repository } = await h.org.graphql<{ repository: { id: string } }>(`query { repository(owner: "acme-org", name: "board") { id } }`);
  return repository.id;
}

async function restIssue(title: string, body = ""): Promise<{ id: number; node_id: string; number: number }> {
  const { data } = await h.org.octokit.issues.create({ ...board, title, body });
  return data;
}

const ISSUE = /* GraphQL */ `
  query($number: Int!) {
    repository(owner: "acme-org", name: "board") {
      issue(number: $number) {
        id fullDatabaseId number title body state stateReason
        parent { number }
        subIssues(first: 10) { nodes { number } }
        blockedBy(first: 10) { nodes { number } }
        blocking(first: 10) { nodes { number } }
        labels(first: 10) { nodes { name } }
        issueType { name }
      }
    }
  }
`;

type IssueView = { id: string; fullDatabaseId: string; number: number; title: string; body: string; state: string; stateReason: string | null; parent: { number: number } | null; subIssues: { nodes: Array<{ number: number }> }; blockedBy: { nodes: Array<{ number: number }> }; blocking: { nodes: Array<{ number: number }> }; labels: { nodes: Array<{ name: string }> }; issueType: { name: string } | null };

async function graphqlIssue(number: number): Promise<IssueView> {
  return (await h.org.graphql<{ repository: { issue: IssueView } }>(ISSUE, { number })).repository.issue;
}

describe("issues over GraphQL and REST", () => {
  it("gives every object one global id: REST's node_id, GraphQL's id, and what node/nodes resolve", async () => {
    const rest = await restIssue("Write it");
    const { data: label } = await h.org.octokit.issues.createLabel({ ...board, name: "priority: P1" });
    const { data: repo } = await h.org.octokit.repos.get(board);
    const viewIssue = await graphqlIssue(rest.number);
    expect([viewIssue.id, viewIssue.fullDatabaseId]).toEqual([rest.node_id, String(rest.id)]);
    expect(rest.node_id).toMatch(/^I_kwDO/);
    expect(repo.owner.node_id).toMatch(/^O_kgDO/);
    const { nodes } = await h.org.graphql<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Issue { number } ... on Label { name } ... on Repository { nameWithOwner } ... on Organization { login } } }`,
      { ids: [rest.node_id, label.node_id, repo.node_id, repo.owner.node_id] },
    );
    expect(nodes).toEqual([
      { __typename: "Issue", id: rest.node_id, number: rest.number },
      { __typename: "Label", id: label.node_id, name: "priority: P1" },
      { __typename: "Repository", id: repo.node_id, nameWithOwner: "acme-org/board" },
      { __typename: "Organization", id: repo.owner.node_id, login: "acme-org" },
    ]);
    const partly = await graphqlFailure(h.org.graphql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [rest.node_id, "I_kwDOgone"] }));
    expect(partly).toEqual({
      data: { nodes: [{ id: rest.node_id }, null] },
      errors: [{ type: "NOT_FOUND", path: ["nodes", 1], locations: [{ line: 1, column: 23 }], message: "Could not resolve to a node with the global id of 'I_kwDOgone'" }],
    });
  });

  it("creates an issue and makes it a sub-issue in one createIssue, with the webhooks REST's two writes send", async () => {
    const parent = await restIssue("TASK-1: Parent");
    const { data: label } = await h.org.octokit.issues.createLabel({ ...board, name: "taskmirror" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    h.receiver.received.length = 0;
    const { createIssue } = await h.org.graphql<{ createIssue: { issue: { number: number; parent: { number: number } } } }>(
      `mutation($repo: ID!, $parent: ID!, $label: ID!) {
        createIssue(input: { repositoryId: $repo, title: "TASK-2: Child", body: "- [ ] step", labelIds: [$label], parentIssueId: $parent }) { issue { number parent { number } } }
      }`,
      { repo: await repositoryId(), parent: parent.node_id, label: label.node_id },
    );
    expect(createIssue.issue.parent.number).toBe(parent.number);
    const subIssues = await h.org.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...board, issue_number: parent.number });
    expect(subIssues.data.map((issue) => [issue.number, issue.title, issue.labels.map((item) => (typeof item === "string" ? item : item.name))])).toEqual([[createIssue.issue.number, "TASK-2: Child", ["taskmirror"]]]);
    const child = await h.org.octokit.issues.get({ ...board, issue_number: createIssue.issue.number });
    expect([child.data.body, child.data.user?.login, child.data.performed_via_github_app?.slug]).toEqual(["- [ ] step", "taskmirror[bot]", "taskmirror"]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events()).toEqual(["issues.opened", "issues.labeled", "sub_issues.sub_issue_added", "sub_issues.parent_issue_added"]);
    expect(h.webhookProblems()).toEqual([]);
  });

  it("refuses a createIssue whose parent is full before it creates anything", async () => {
    const parent = await restIssue("Parent");
    for (let n = 0; n < 100; n += 1) {
      const child = await restIssue(`Child ${n}`);
      await h.org.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...board, issue_number: parent.number, sub_issue_id: child.id });
    }
    const refused = await graphqlFailure(
      h.org.graphql(`mutation($repo: ID!, $parent: ID!) { createIssue(input: { repositoryId: $repo, title: "One too many", parentIssueId: $parent }) { issue { number } } }`, {
        repo: await repositoryId(),
        parent: parent.node_id,
      }),
    );
    expect(refused.errors.map((error) => [error.type, error.message])).toEqual([["UNPROCESSABLE", "Parent issue cannot have more than 100 sub-issues"]]);
    const { data: all } = await h.org.octokit.issues.listForRepo({ ...board, per_page: 100, state: "all" });
    expect(all.some((issue) => issue.title === "One too many")).toBe(false);
  });

  it("reads what REST wrote: parent, sub-issues, blocked-by links, labels, state", async () => {
    const parent = await restIssue("Parent");
    const child = await restIssue("Child");
    const blocker = await restIssue("Blocker");
    await h.org.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...board, issue_number: parent.number, sub_issue_id: child.id });
    await h.org.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...board, issue_number: child.number, issue_id: blocker.id });
    await h.org.octokit.issues.update({ ...board, issue_number: child.number, labels: ["bug"], state: "closed", state_reason: "not_planned" });
    expect(await graphqlIssue(child.number)).toMatchObject({
      number: child.number,
      state: "CLOSED",
      stateReason: "NOT_PLANNED",
      parent: { number: parent.number },
      blockedBy: { nodes: [{ number: blocker.number }] },
      labels: { nodes: [{ name: "bug" }] },
      issueType: null,
    });
    expect((await graphqlIssue(parent.number)).subIssues.nodes).toEqual([{ number: child.number }]);
    expect((await graphqlIssue(blocker.number)).blocking.nodes).toEqual([{ number: child.number }]);
  });

  it("changes issues with mutations that REST then reads: update, close, reopen, comment, labels, relations", async () => {
    const a = await restIssue("A", "old");
    const b = await restIssue("B");
    const { data: label } = await h.org.octokit.issues.createLabel({ ...board, name: "status: open" });
    await h.org.graphql(
      `mutation($a: ID!, $b: ID!, $label: ID!) {
        updateIssue(input: { id: $a, title: "A2", body: "new" }) { issue { title } }
        addLabelsToLabelable(input: { labelableId: $a, labelIds: [$label] }) { clientMutationId }
        addSubIssue(input: { issueId: $a, subIssueId: $b }) { issue { number } subIssue { number } }
        addBlockedBy(input: { issueId: $a, blockingIssueId: $b }) { issue { number } blockingIssue { number } }
        addComment(input: { subjectId: $a, body: "Moved to docs/b.md" }) { commentEdge { node { body author { login } } } }
        closeIssue(input: { issueId: $b, stateReason: NOT_PLANNED }) { issue { state stateReason } }
      }`,
      { a: a.node_id, b: b.node_id, label: label.node_id },
    );
    const restA = await h.org.octokit.issues.get({ ...board, issue_number: a.number });
    expect([restA.data.title, restA.data.body, restA.data.labels.map((item) => (typeof item === "string" ? item : item.name)), restA.data.comments]).toEqual(["A2", "new", ["status: open"], 1]);
    const restB = await h.org.octokit.issues.get({ ...board, issue_number: b.number });
    expect([restB.data.state, restB.data.state_reason, restB.data.parent_issue_url]).toEqual(["closed", "not_planned", `${h.fake.apiUrl}/repos/acme-org/board/issues/${a.number}`]);
    const blockers = await h.org.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...board, issue_number: a.number });
    expect(blockers.data.map((issue) => issue.number)).toEqual([b.number]);
    const comments = await h.org.octokit.issues.listComments({ ...board, issue_number: a.number });
    expect(comments.data.map((comment) => [comment.body, comment.user?.login])).toEqual([["Moved to docs/b.md", "taskmirror[bot]"]]);

    await h.org.graphql(
      `mutation($a: ID!, $b: ID!) {
        reopenIssue(input: { issueId: $b }) { issue { state } }
        removeBlockedBy(input: { issueId: $a, blockingIssueId: $b }) { issue { number } }
        removeSubIssue(input: { issueId: $a, subIssueId: $b }) { subIssue { parent { number } } }
      }`,
      { a: a.node_id, b: b.node_id },
    );
    expect(await graphqlIssue(b.number)).toMatchObject({ state: "OPEN", stateReason: "REOPENED", parent: null });
    const none = await h.org.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...board, issue_number: a.number });
    expect(none.data).toEqual([]);
  });

  it("pages issues and filters them by state and creator, oldest first unless ordered", async () => {
    for (const title of ["one", "two", "three"]) await restIssue(title);
    await h.fake.createIssue({ owner: "acme-org", repo: "board", title: "by a person", sender: "alice" });
    await h.org.octokit.issues.update({ ...board, issue_number: 2, state: "closed" });
    type Page = { repository: { issues: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ title: string }> } } };
    const query = `query($after: String, $by: String) { repository(owner: "acme-org", name: "board") { issues(first: 2, after: $after, states: [OPEN], filterBy: { createdBy: $by }) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } } }`;
    const first = await h.org.graphql<Page>(query, { by: "taskmirror[bot]" });
    expect([first.repository.issues.totalCount, first.repository.issues.nodes.map((issue) => issue.title), first.repository.issues.pageInfo.hasNextPage]).toEqual([2, ["one", "three"], false]);
    const all = await h.org.graphql<Page>(query, {});
    expect(all.repository.issues.nodes.map((issue) => issue.title)).toEqual(["one", "three"]);
    const next = await h.org.graphql<Page>(query, { after: all.repository.issues.pageInfo.endCursor });
    expect([next.repository.issues.nodes.map((issue) => issue.title), next.repository.issues.pageInfo.hasNextPage]).toEqual([["by a person"], false]);
    const newest = await h.org.graphql<Page>(`query { repository(owner: "acme-org", name: "board") { issues(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } } }`);
    expect(newest.repository.issues.nodes).toEqual([{ title: "by a person" }]);
  });
});

describe("the edit history of an issue body", () => {
  it("records a person's tick and the app's PATCH, newest first, each with its editor and the whole body", async () => {
    const issue = await restIssue("TASK-1: Write it", "- [ ] draft\n- [ ] review\n");
    const untouched = await h.org.graphql<{ repository: { issue: { userContentEdits: { totalCount: number }; lastEditedAt: string | null; includesCreatedEdit: boolean } } }>(
      `query($n: Int!) { repository(owner: "acme-org", name: "board") { issue(number: $n) { userContentEdits(first: 10) { totalCount } lastEditedAt includesCreatedEdit } } }`,
      { n: issue.number },
    );
    expect(untouched.repository.issue).toEqual({ userContentEdits: { totalCount: 0 }, lastEditedAt: null, includesCreatedEdit: false });

    await h.fake.setPermission("acme-org", "board", "alice", "write");
    await h.fake.editIssue({ owner: "acme-org", repo: "board", number: issue.number, body: "- [x] draft\n- [ ] review\n", sender: "alice" });
    await h.org.octokit.issues.update({ ...board, issue_number: issue.number, body: "- [x] draft\n- [x] review\n" });
    await h.org.octokit.issues.update({ ...board, issue_number: issue.number, title: "TASK-1: Written" });

    type Edits = { repository: { issue: { editor: { login: string }; userContentEdits: { totalCount: number; nodes: Array<{ editor: { __typename: string; login: string }; diff: string; deletedAt: null; editedAt: string; createdAt: string }> } } } };
    const { repository } = await h.org.graphql<Edits>(
      `query($n: Int!) { repository(owner: "acme-org", name: "board") { issue(number: $n) { editor { login } userContentEdits(first: 10) { totalCount nodes { editor { __typename login } editedAt createdAt diff deletedAt } } } } }`,
      { n: issue.number },
    );
    expect(repository.issue.editor.login).toBe("taskmirror");
    expect(repository.issue.userContentEdits.totalCount).toBe(3);
    expect(repository.issue.userContentEdits.nodes.map((edit) => [edit.editor.__typename, edit.editor.login, edit.diff, edit.deletedAt])).toEqual([
      ["Bot", "taskmirror", "- [x] draft\n- [x] review\n", null],
      ["User", "alice", "- [x] draft\n- [ ] review\n", null],
      // The version the issue was created with, listed once it was edited.
      ["Bot", "taskmirror", "- [ ] draft\n- [ ] review\n", null],
    ]);
    const times = repository.issue.userContentEdits.nodes.map((edit) => Date.parse(edit.editedAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const oldest = await h.org.graphql<Edits>(
      `query($n: Int!) { repository(owner: "acme-org", name: "board") { issue(number: $n) { editor { login } userContentEdits(last: 1) { totalCount nodes { editor { __typename login } editedAt createdAt diff deletedAt } } } } }`,
      { n: issue.number },
    );
    expect(oldest.repository.issue.userContentEdits.nodes.map((edit) => edit.diff)).toEqual(["- [ ] draft\n- [ ] review\n"]);
  });
});

describe("issue types", () => {
  it("come from the organization: listed, set by createIssue or updateIssueIssueType, and rendered as REST's type", async () => {
    const [task, bug] = await h.fake.defineIssueTypes("acme-org", [
      { name: "Task", description: "A specific piece of work", color: "yellow" },
      { name: "Bug", description: "An unexpected problem", color: "red" },
      { name: "Feature", isEnabled: false },
    ]);
    const { organization } = await h.org.graphql<{ organization: { issueTypes: { nodes: unknown[] } } }>(`query { organization(login: "acme-org") { issueTypes(first: 10) { nodes { id name description color isEnabled } } } }`);
    expect(organization.issueTypes.nodes).toEqual([
      { id: task?.id, name: "Task", description: "A specific piece of work", color: "YELLOW", isEnabled: true },
      { id: bug?.id, name: "Bug", description: "An unexpected problem", color: "RED", isEnabled: true },
      { id: expect.stringMatching(/^IT_kwDO/), name: "Feature", description: null, color: "GRAY", isEnabled: false },
    ]);
    const { createIssue } = await h.org.graphql<{ createIssue: { issue: { number: number; issueType: { name: string } } } }>(
      `mutation($repo: ID!, $type: ID!) { createIssue(input: { repositoryId: $repo, title: "TASK-1", issueTypeId: $type }) { issue { number issueType { name } } } }`,
      { repo: await repositoryId(), type: task?.id },
    );
    expect(createIssue.issue.issueType.name).toBe("Task");
    const rest = await h.org.octokit.issues.get({ ...board, issue_number: createIssue.issue.number });
    expect(rest.data.type).toMatchObject({ id: task?.databaseId, node_id: task?.id, name: "Task", color: "yellow" });

    await h.org.graphql(`mutation($id: ID!, $type: ID!) { updateIssueIssueType(input: { issueId: $id, issueTypeId: $type }) { issue { issueType { name } } } }`, { id: rest.data.node_id, type: bug?.id });
    expect((await graphqlIssue(createIssue.issue.number)).issueType).toEqual({ name: "Bug" });
    await h.org.octokit.issues.update({ ...board, issue_number: createIssue.issue.number, type: "Task" });
    expect((await graphqlIssue(createIssue.issue.number)).issueType).toEqual({ name: "Task" });
    const listed = await h.org.octokit.request("GET /repos/{owner}/{repo}/issue-types", board);
    expect(listed.data.map((type) => type?.name)).toEqual(["Task", "Bug"]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("issues."))).toEqual(["issues.opened", "issues.typed", "issues.typed", "issues.typed"]);
    expect(h.receiver.received.filter((hook) => hook.payload.action === "typed").map((hook) => (hook.payload.type as { name: string }).name)).toEqual(["Task", "Bug", "Task"]);
    expect(h.webhookProblems()).toEqual([]);
  });

  it("refuses a type the organization lacks, and user-owned repositories have none", async () => {
    await h.fake.defineIssueTypes("acme-org", [{ name: "Task" }]);
    const issue = await restIssue("T");
    const refused = await h.org.octokit.issues.update({ ...board, issue_number: issue.number, type: "Epic", title: "not applied" }).then(
      () => 0,
      (error: { status: number }) => error.status,
    );
    expect(refused).toBe(422);
    expect((await graphqlIssue(issue.number)).title).toBe("T");
    const { repository } = await h.user.graphql<{ repository: { issueTypes: null } }>(`query { repository(owner: "sam", name: "notes") { issueTypes(first: 10) { nodes { name } } } }`);
    expect(repository.issueTypes).toBeNull();
    const { data } = await h.user.octokit.issues.create({ owner: "sam", repo: "notes", title: "n" });
    expect(data.type).toBeNull();
  });
});
