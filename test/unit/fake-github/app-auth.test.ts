import { createSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useHarness } from "./fake-harness.js";

const h = useHarness();

function jwt(claims: Record<string, unknown>, privateKey: string): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(privateKey, "base64url")}`;
}

async function asApp(path: string, token: string, method = "GET"): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.fake.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("app authentication", () => {
  it("answers GET /app, the installations and a repository's installation to a valid app JWT", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt({ iat: now - 30, exp: now + 540, iss: h.fake.app.id }, h.fake.app.privateKey);
    const app = await asApp("/app", token);
    expect([app.status, app.body.slug, app.body.id]).toEqual([200, "taskmirror", h.fake.app.id]);
    const installations = await asApp("/app/installations", token);
    expect((installations.body as unknown as Array<{ id: number }>).map((installation) => installation.id)).toEqual([h.installationId]);
    const forRepo = await asApp("/repos/acme/widgets/installation", token);
    expect([forRepo.status, forRepo.body.id]).toEqual([200, h.installationId]);
    const created = await asApp(`/app/installations/${h.installationId}/access_tokens`, token, "POST");
    expect(created.status).toBe(201);
    expect(String(created.body.token)).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    const withToken = await fetch(`${h.fake.apiUrl}/repos/acme/widgets`, { headers: { authorization: `token ${String(created.body.token)}` } });
    expect(withToken.status).toBe(200);
  });

  it("refuses a JWT signed with another key, an expired one, and one issued for another app", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const forged = await asApp("/app", jwt({ iat: now - 30, exp: now + 540, iss: h.fake.app.id }, other));
    expect([forged.status, forged.body.message]).toEqual([401, "A JSON web token could not be decoded"]);
    const expired = await asApp("/app", jwt({ iat: now - 700, exp: now - 100, iss: h.fake.app.id }, h.fake.app.privateKey));
    expect(expired.status).toBe(401);
    expect(String(expired.body.message)).toMatch(/^'Expiration time' claim/);
    const tooLong = await asApp("/app", jwt({ iat: now, exp: now + 3600, iss: h.fake.app.id }, h.fake.app.privateKey));
    expect(String(tooLong.body.message)).toBe("'Expiration time' claim ('exp') is too far in the future.");
    const wrongApp = await asApp("/app", jwt({ iat: now - 30, exp: now + 540, iss: 12 }, h.fake.app.privateKey));
    expect(wrongApp.status).toBe(401);
  });

  it("tells a collaborator's permission, with GitHub's legacy names", async () => {
    await h.fake.setPermission("acme", "widgets", "alice", "maintain");
    await h.fake.setPermission("acme", "widgets", "eve", "triage");
    const alice = await h.octokit.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "widgets", username: "alice" });
    const eve = await h.octokit.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "widgets", username: "eve" });
    const owner = await h.octokit.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "widgets", username: "acme" });
    expect([alice.data.permission, alice.data.role_name, eve.data.permission, eve.data.role_name, owner.data.permission]).toEqual(["write", "maintain", "read", "triage", "admin"]);
  });

  it("issues a workflow's GITHUB_TOKEN: github-actions[bot] on its one repository, refused GET /user", async () => {
    await h.fake.createRepo({ owner: "acme", name: "other", files: { "README.md": "# Other\n" } });
    const token = h.fake.issueWorkflowToken({ owner: "acme", repo: "other" });
    const as = (path: string, init: RequestInit = {}) =>
      fetch(`${h.fake.apiUrl}${path}`, { ...init, headers: { authorization: `token ${token}`, "content-type": "application/json" } });
    // The app is not installed on acme/other: the workflow token reaches it anyway, and only it.
    expect((await as("/repos/acme/other")).status).toBe(200);
    expect((await as("/repos/acme/widgets")).status).toBe(404);
    const user = await as("/user");
    expect([user.status, ((await user.json()) as { message: string }).message]).toEqual([403, "Resource not accessible by integration"]);
    const created = await as("/repos/acme/other/issues", { method: "POST", body: JSON.stringify({ title: "From a workflow" }) });
    const issue = (await created.json()) as { user: { login: string; type: string } };
    expect([created.status, issue.user.login, issue.user.type]).toEqual([201, "github-actions[bot]", "Bot"]);
    expect(h.fake.requests().at(-1)?.by).toBe("github-actions[bot]");
  });

  it("names the token's bot to GraphQL's viewer query, for the app's token and a workflow's", async () => {
    const viewer = async (token: string, path = "/api/graphql") => {
      const response = await fetch(`${h.fake.url}${path}`, {
        method: "POST",
        headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ query: "query { viewer { login } }" }),
      });
      return [response.status, ((await response.json()) as { data?: { viewer: { login: string } } }).data?.viewer.login];
    };
    const { token: appToken } = (await h.octokit.auth({ type: "installation" })) as { token: string };
    expect(await viewer(appToken)).toEqual([200, "taskmirror[bot]"]);
    expect(await viewer(h.fake.issueWorkflowToken({ owner: "acme", repo: "widgets" }), "/graphql")).toEqual([200, "github-actions[bot]"]);
    expect(await viewer("ghs_not_a_token")).toEqual([401, undefined]);
  });
});
