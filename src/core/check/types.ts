/**
 * The check run's payload pieces, shaped as GitHub's checks API takes them (snake_case on
 * purpose: an annotation goes into a request body as is).
 */

export type AnnotationLevel = "failure" | "warning" | "notice";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only when the annotation is on one line: GitHub refuses columns across lines. */
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  /** The rule code. */
  title: string;
  message: string;
  raw_details?: string;
}

export type CheckConclusion = "success" | "neutral" | "failure";

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}
