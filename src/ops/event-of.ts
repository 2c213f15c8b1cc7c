/** A delivery's event as the metrics and the summary line name it: `name.action`, or `name`. */
export function eventOf(context: { name: string; payload: unknown }): string {
  const action = (context.payload as { action?: unknown } | null)?.action;
  return typeof action === "string" && action !== "" ? `${context.name}.${action}` : context.name;
}
