import { describe, expect, it } from "vitest";
import * as limits from "../../../src/core/limits.js";

// The numbers GitHub documents; a change here must be a deliberate one.
describe("GitHub limits", () => {
  it("are the documented values", () => {
    expect({ ...limits }).toEqual({
      ISSUE_BODY_MAX: 65_536,
      CHECK_RUN_TEXT_MAX: 65_535,
      CHECK_RUN_ANNOTATIONS_PER_REQUEST: 50,
      LABEL_NAME_MAX: 50,
      LABEL_DESCRIPTION_MAX: 100,
      SUB_ISSUES_PER_PARENT_MAX: 100,
      SUB_ISSUE_DEPTH_MAX: 8,
      ISSUE_TITLE_MAX: 256,
      PAGE_SIZE_MAX: 100,
      CONTENTS_API_FILE_MAX_BYTES: 1_000_000,
      PUSH_PAYLOAD_COMMITS_MAX: 2048,
      WORKFLOW_ANNOTATIONS_PER_LEVEL: 10,
      STEP_SUMMARY_MAX_BYTES: 1_048_576,
      CONTENT_WRITES_PER_MINUTE: 80,
      CONTENT_WRITES_PER_HOUR: 500,
    });
  });
});
