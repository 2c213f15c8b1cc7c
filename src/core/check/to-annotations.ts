import type { Diagnostic, Severity } from "../model/types.js";
import { cutText } from "../render/cut-text.js";
import { RULES, isRuleCode } from "../validate/rules.js";
import type { AnnotationLevel, CheckAnnotation } from "./types.js";

/** GitHub refuses an annotation title over 255 characters. */
export const ANNOTATION_TITLE_MAX = 255;
/**
 * GitHub takes at most 64 KB of message and of raw details per annotation. UTF-8 needs at most
 * 3 bytes per UTF-16 unit, so this many units always fit.
 */
export const ANNOTATION_TEXT_MAX = 21_845;

const LEVEL: Record<Severity, AnnotationLevel> = { error: "failure", warning: "warning", notice: "notice" };

export interface AnnotationSplit {
  /** One per diagnostic on a changed document, in the order given. */
  annotations: CheckAnnotation[];
  /** Diagnostics on documents the pull request does not change: counted, not annotated. */
  unannotated: Diagnostic[];
}

/**
 * Annotations for the diagnostics on the documents a pull request changes. An annotation on a
 * file outside the diff only shows in the checks tab, where nobody looks for it; those
 * diagnostics are counted in the summary instead.
 */
export function toAnnotations(diagnostics: readonly Diagnostic[], changedPaths: ReadonlySet<string>): AnnotationSplit {
  const annotations: CheckAnnotation[] = [];
  const unannotated: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (changedPaths.has(diagnostic.path)) annotations.push(toAnnotation(diagnostic));
    else unannotated.push(diagnostic);
  }
  return { annotations, unannotated };
}

export function toAnnotation(diagnostic: Diagnostic): CheckAnnotation {
  const startLine = Math.max(1, diagnostic.line);
  const endLine = Math.max(startLine, diagnostic.endLine ?? startLine);
  const annotation: CheckAnnotation = {
    path: diagnostic.path,
    start_line: startLine,
    end_line: endLine,
    annotation_level: LEVEL[diagnostic.severity],
    title: cutText(diagnostic.code, ANNOTATION_TITLE_MAX),
    message: cutText(diagnostic.message, ANNOTATION_TEXT_MAX),
  };
  if (endLine === startLine && diagnostic.column >= 1) {
    annotation.start_column = diagnostic.column;
    annotation.end_column = Math.max(diagnostic.column, diagnostic.endColumn ?? diagnostic.column);
  }
  if (isRuleCode(diagnostic.code)) {
    const rule = RULES[diagnostic.code];
    annotation.raw_details = cutText(`${rule.title}: ${rule.description}\n\nHow to fix: ${rule.fix}`, ANNOTATION_TEXT_MAX);
  }
  return annotation;
}
