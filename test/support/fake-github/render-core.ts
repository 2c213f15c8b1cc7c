import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import type { Account, Installation, Label, Milestone, Repo } from "./types.js";

/** A `simple-user`: who did something, as every GitHub object embeds it. */
export function renderUser(ctx: FakeContext, account: Account): Record<string, unknown> {
  const login = encodeURIComponent(account.login);
  const api = ctx.urls.apiPath(`/users/${login}`);
  const htmlUrl = account.type === "Bot" ? ctx.urls.html(`/apps/${account.login.replace(/\[bot\]$/, "")}`) : ctx.urls.html(`/${account.login}`);
  return {
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: ctx.urls.html(`/avatars/u/${account.id}?v=4`),
    gravatar_id: "",
    url: api,
    html_url: htmlUrl,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * A repository. `rest` is `full-repository` (GET /repos/{owner}/{repo}); `webhook` is what
 * webhooks embed; `push` is the push event's variant, whose timestamps are Unix seconds.
 */
export function renderRepo(ctx: FakeContext, repo: Repo, variant: "rest" | "webhook" | "push" = "rest"): Record<string, unknown> {
  const name = fullName(repo);
  const api = ctx.urls.apiPath(`/repos/${name}`);
  const html = ctx.urls.html(`/${name}`);
  const host = new URL(ctx.urls.base).host;
  const openIssues = [...repo.issueNumbers.values()].filter((id) => ctx.state.issues.get(id)?.state === "open").length;
  const forks = [...ctx.state.repos.values()].filter((other) => other.parentId === repo.id).length;
  const parent = repo.parentId === null ? undefined : ctx.state.repos.get(repo.parentId);
  const out: Record<string, unknown> = {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: name,
    private: repo.private,
    owner: renderUser(ctx, repo.owner),
    html_url: html,
    description: repo.description,
    fork: repo.parentId !== null,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: variant === "push" ? epochSeconds(repo.createdAt) : repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: variant === "push" ? epochSeconds(repo.pushedAt) : repo.pushedAt,
    git_url: `git://${host}/${name}.git`,
    ssh_url: `git@${host}:${name}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: forks,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    custom_properties: {},
    visibility: repo.private ? "private" : "public",
    forks,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
  };
  if (variant === "rest") {
    out.network_count = forks;
    out.subscribers_count = 0;
    if (parent !== undefined) {
      out.parent = renderRepo(ctx, parent, "webhook");
      out.source = renderRepo(ctx, ctx.state.repo(parent.networkId), "webhook");
    }
  }
  if (variant === "push") {
    out.stargazers = 0;
    out.master_branch = repo.defaultBranch;
  }
  return out;
}

/** The short repository form installation payloads list. */
export function renderRepoBrief(repo: Repo): Record<string, unknown> {
  return { id: repo.id, node_id: repo.nodeId, name: repo.name, full_name: fullName(repo), private: repo.private };
}

export function renderLabel(ctx: FakeContext, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: ctx.urls.apiPath(`/repos/${fullName(repo)}/labels/${encodeURIComponent(label.name)}`),
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function renderMilestone(ctx: FakeContext, repo: Repo, milestone: Milestone): Record<string, unknown> {
  const api = ctx.urls.apiPath(`/repos/${fullName(repo)}/milestones/${milestone.number}`);
  let open = 0;
  let closed = 0;
  for (const id of repo.issueNumbers.values()) {
    const issue = ctx.state.issues.get(id);
    if (issue?.milestoneNumber !== milestone.number) continue;
    if (issue.state === "open") open += 1;
    else closed += 1;
  }
  return {
    url: api,
    html_url: ctx.urls.html(`/${fullName(repo)}/milestone/${milestone.number}`),
    labels_url: `${api}/labels`,
    id: milestone.id,
    node_id: milestone.nodeId,
    number: milestone.number,
    title: milestone.title,
    description: milestone.description,
    creator: renderUser(ctx, milestone.creator),
    open_issues: open,
    closed_issues: closed,
    state: milestone.state,
    created_at: milestone.createdAt,
    updated_at: milestone.updatedAt,
    due_on: milestone.dueOn,
    closed_at: milestone.closedAt,
  };
}

/** The app as an `integration` (GET /app, `performed_via_github_app`, check runs' `app`). */
export function renderApp(ctx: FakeContext): Record<string, unknown> {
  const { app } = ctx;
  return {
    id: app.id,
    slug: app.slug,
    node_id: app.nodeId,
    client_id: app.clientId,
    owner: renderUser(ctx, app.owner),
    name: app.name,
    description: "taskmirror under test",
    external_url: ctx.urls.html(`/apps/${app.slug}`),
    html_url: ctx.urls.html(`/apps/${app.slug}`),
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    installations_count: ctx.state.installations.size,
  };
}

export function renderInstallation(ctx: FakeContext, installation: Installation): Record<string, unknown> {
  const { app } = ctx;
  return {
    id: installation.id,
    client_id: app.clientId,
    account: renderUser(ctx, installation.account),
    repository_selection: "selected",
    access_tokens_url: ctx.urls.apiPath(`/app/installations/${installation.id}/access_tokens`),
    repositories_url: ctx.urls.apiPath("/installation/repositories"),
    html_url: ctx.urls.html(`/settings/installations/${installation.id}`),
    app_id: app.id,
    app_slug: app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type,
    permissions: app.permissions,
    events: app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/** `organization-simple-webhooks`: the `organization` of an organization-level event. */
export function renderOrganizationBrief(ctx: FakeContext, org: Account): Record<string, unknown> {
  const api = ctx.urls.apiPath(`/orgs/${org.login}`);
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: ctx.urls.html(`/avatars/u/${org.id}?v=4`),
    description: null,
  };
}
