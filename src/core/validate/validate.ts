import type { Config } from "../config/schema.js";
import type { Diagnostic, Document, Task } from "../model/types.js";
import { applyRuleSeverities } from "./apply-rule-severities.js";
import { checkBodyLength } from "./check-body-length.js";
import { checkDependencyCycles } from "./check-dependency-cycles.js";
import { checkDuplicateKeys } from "./check-duplicate-keys.js";
import { checkFields } from "./check-fields.js";
import { checkParentDone } from "./check-parent-done.js";
import { checkPlaceholders } from "./check-placeholders.js";
import { checkStatusMismatch } from "./check-status-mismatch.js";
import { checkTooDeep } from "./check-too-deep.js";
import { checkTooManyChildren } from "./check-too-many-children.js";
import { checkUnknownDependencies } from "./check-unknown-dependencies.js";
import { createValidationContext } from "./create-validation-context.js";
import { estimateBodyLength } from "./estimate-body-length.js";
import { sortDiagnostics } from "./sort-diagnostics.js";

export interface ValidateOptions {
  /** Length of the task's rendered issue body; defaults to an upper estimate. */
  bodyLength?: (task: Task, doc: Document) => number;
  /**
   * The text each document was read from. With it, diagnostics point at the exact column of
   * what is wrong (the placeholder, the unknown id); without it, at the start of the field or line.
   */
  sourceText?: (path: string) => string | undefined;
}

/**
 * Every diagnostic for a set of task documents, read together (keys and dependencies cross
 * files): the reader's own, then the cross-document rules, with `config.rules` applied, sorted
 * by path, line, column and code, without repeats. Pure and deterministic.
 */
export function validate(documents: readonly Document[], config: Config, options: ValidateOptions = {}): Diagnostic[] {
  const context = createValidationContext(documents, options.sourceText);
  const diagnostics = [
    ...documents.flatMap((doc) => doc.diagnostics),
    ...checkDuplicateKeys(context),
    ...checkUnknownDependencies(context),
    ...checkDependencyCycles(context),
    ...checkPlaceholders(context),
    ...checkFields(context),
    ...checkStatusMismatch(context),
    ...checkParentDone(context),
    ...checkBodyLength(context, options.bodyLength ?? estimateBodyLength),
    ...checkTooManyChildren(context),
    ...checkTooDeep(context),
  ];
  return sortDiagnostics(applyRuleSeverities(diagnostics, config.rules));
}
