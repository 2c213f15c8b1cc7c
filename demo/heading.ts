/** A step of the tour, underlined so it stands out between the app's numbers. */
export function heading(title: string): string {
  return `\n${title}\n${"=".repeat(title.length)}\n`;
}
