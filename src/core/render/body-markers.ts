/** The comments that delimit what taskmirror generates in an issue body. */
export const BODY_MARKERS = {
  begin: "<!-- taskmirror:begin -->",
  end: "<!-- taskmirror:end -->",
  /** Starts the checklist inside the block, so that nothing in a description is read as an item. */
  checklist: "<!-- taskmirror:checklist -->",
  statePrefix: "<!-- taskmirror:state ",
  stateSuffix: " -->",
} as const;
