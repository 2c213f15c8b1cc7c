import { describe, expect, it } from "vitest";
import { permissionAllows } from "../../../src/core/sync/permission-allows.js";

describe("permissionAllows", () => {
  it.each([
    ["admin", "admin", "write", true],
    ["write", "maintain", "write", true],
    ["write", "write", "write", true],
    ["read", "triage", "write", false],
    ["read", "read", "write", false],
    ["none", null, "write", false],
    ["write", "write", "maintain", false],
    ["write", "maintain", "maintain", true],
    ["admin", "maintain", "admin", false],
    ["admin", "admin", "admin", true],
  ] as const)("permission %s / role %s against %s → %s", (permission, roleName, required, allowed) => {
    expect(permissionAllows({ permission, roleName }, required)).toBe(allowed);
  });

  it("falls back to the coarse permission for a custom role", () => {
    expect(permissionAllows({ permission: "write", roleName: "release-manager" }, "write")).toBe(true);
    expect(permissionAllows({ permission: "write", roleName: "release-manager" }, "maintain")).toBe(false);
  });

  it("refuses when nothing is known", () => {
    expect(permissionAllows({}, "write")).toBe(false);
  });
});
