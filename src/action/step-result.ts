/** What a mode of the Action hands back to the entry: the exit code and the job summary. */
export interface StepResult {
  code: number;
  /** Markdown for `$GITHUB_STEP_SUMMARY`. */
  summary: string;
  /** The one line the log ends with. */
  line: string;
}
