/**
 * What GitHub allows. Each is a documented limit of the REST API or the web UI; the code
 * respects them in pure functions so that a write is never refused for its size.
 */

/** Characters in an issue or comment body. */
export const ISSUE_BODY_MAX = 65_536;
/** Characters in a check run's `output.summary` and `output.text` (each). */
export const CHECK_RUN_TEXT_MAX = 65_535;
/** Annotations accepted by one create/update check-run request. */
export const CHECK_RUN_ANNOTATIONS_PER_REQUEST = 50;
/** Characters in a label name. */
export const LABEL_NAME_MAX = 50;
/** Characters in a label description. */
export const LABEL_DESCRIPTION_MAX = 100;
/** Sub-issues one parent issue may have. */
export const SUB_ISSUES_PER_PARENT_MAX = 100;
/** Levels of sub-issue nesting. */
export const SUB_ISSUE_DEPTH_MAX = 8;
/** Characters in an issue title. */
export const ISSUE_TITLE_MAX = 256;
/** Items per page of a list endpoint. */
export const PAGE_SIZE_MAX = 100;
/** Size of a file the contents API serves; larger files are read through the blobs API. */
export const CONTENTS_API_FILE_MAX_BYTES = 1_000_000;
/** Commits listed in a push payload; beyond that the compare API tells the rest. */
export const PUSH_PAYLOAD_COMMITS_MAX = 2048;
/** Annotations of one level (error, warning, notice) GitHub Actions shows for a step; more are dropped. */
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10;
/** Bytes a step may write to its job summary (`$GITHUB_STEP_SUMMARY`); over it, none is shown. */
export const STEP_SUMMARY_MAX_BYTES = 1_048_576;
/**
 * Content-creating requests one installation may make in a rolling minute and in a rolling
 * hour ("Rate limits for the REST API" → "About secondary rate limits": "no more than 80
 * content-generating requests per minute and no more than 500 content-generating requests per
 * hour").
 */
export const CONTENT_WRITES_PER_MINUTE = 80;
export const CONTENT_WRITES_PER_HOUR = 500;
