import { describe, expect, it } from "vitest";
import { readActionInputs } from "../../../src/action/read-action-inputs.js";

describe("readActionInputs", () => {
  it("reads INPUT_* as the runner sets them: upper-cased, dashes kept, values trimmed", () => {
    expect(
      readActionInputs({ INPUT_MODE: " sync ", INPUT_PATHS: "docs/**/*.md\n\n  {plans,specs}/**/tasks.md  \n", INPUT_CONFIG: "ci/taskmirror.yml", INPUT_TOKEN: "ghs_x", "INPUT_DRY-RUN": "TRUE" }),
    ).toEqual({ mode: "sync", paths: ["docs/**/*.md", "{plans,specs}/**/tasks.md"], config: "ci/taskmirror.yml", token: "ghs_x", dryRun: true });
  });

  it("defaults what the step left out: the config path, no paths override, no dry run", () => {
    expect(readActionInputs({ INPUT_MODE: "validate" })).toEqual({ mode: "validate", paths: null, config: ".github/taskmirror.yml", token: "", dryRun: false });
  });

  it("refuses an unknown mode, a boolean outside YAML 1.2's core schema, and a config outside the repository", () => {
    expect(() => readActionInputs({})).toThrow('input "mode" must be validate or sync');
    expect(() => readActionInputs({ INPUT_MODE: "Sync" })).toThrow('input "mode" must be validate or sync, not "Sync"');
    expect(() => readActionInputs({ INPUT_MODE: "sync", "INPUT_DRY-RUN": "yes" })).toThrow('input "dry-run" must be true or false');
    expect(() => readActionInputs({ INPUT_MODE: "sync", INPUT_CONFIG: "../secrets.yml" })).toThrow('input "config" must be a path inside the repository');
    expect(() => readActionInputs({ INPUT_MODE: "sync", INPUT_CONFIG: "/etc/taskmirror.yml" })).toThrow('input "config" must be a path inside the repository');
  });
});
