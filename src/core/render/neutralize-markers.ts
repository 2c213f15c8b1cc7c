/**
 * Text from a document must never read as one of taskmirror's own comments: a task could
 * otherwise end the generated block early or carry a forged `taskmirror:state` marker that
 * claims another task's identity. A zero-width space after the word breaks every such
 * comment while the text still reads the same; `restoreMarkers` undoes it exactly so that
 * item keys read back from an issue body equal the keys of the file.
 */
const MARKER_LIKE = /<!--(\s*)(taskmirror)(\s*):/gi;
const NEUTRALISED = /<!--(\s*)(taskmirror)\u200b(\s*):/gi;

export function neutralizeMarkers(text: string): string {
  return text.replace(MARKER_LIKE, "<!--$1$2\u200b$3:");
}

export function restoreMarkers(text: string): string {
  return text.replace(NEUTRALISED, "<!--$1$2$3:");
}
