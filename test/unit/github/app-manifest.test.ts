import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const text = readFileSync(join(import.meta.dirname, "../../../app.yml"), "utf8");
const manifest = parse(text) as Record<string, unknown>;

describe("app.yml (the manifest Probot's setup flow registers)", () => {
  it("subscribes to the events the app handles, with the permissions they need", () => {
    expect(manifest.default_events).toEqual(["push", "issues", "pull_request", "check_run", "check_suite", "projects_v2_item"]);
    expect(manifest.default_permissions).toEqual({ issues: "write", contents: "write", checks: "write", pull_requests: "write", metadata: "read", organization_projects: "write" });
  });

  it("holds no value GitHub or Probot's setup page would refuse", () => {
    // installation events are always delivered; listing them makes GitHub refuse the manifest.
    expect(manifest.default_events).not.toContain("installation");
    expect(manifest.default_events).not.toContain("installation_repositories");
    // The setup page embeds the manifest JSON in a single-quoted HTML attribute.
    expect(JSON.stringify(manifest)).not.toContain("'");
  });
});
