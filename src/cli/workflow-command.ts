/**
 * A GitHub Actions workflow command line, `::name key=value,…::message`. The message is
 * %-escaped (`%`, CR, LF) and property values also escape `:` and `,`, as the runner expects
 * (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
 */
export function workflowCommand(name: string, message: string, properties: Record<string, string | number | undefined> = {}): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${name}${props.length > 0 ? ` ${props.join(",")}` : ""}::${escapeData(message)}\n`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
