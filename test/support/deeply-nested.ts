/**
 * A hostile task document of about `bytes` characters: staircases of checkbox items, each one
 * level deeper than the last, to just under the reader's nesting cut-off (120). The parser's
 * time and memory grow with the square of the nesting: 1 MB takes seconds and hundreds of MB in
 * one thread, 4 MB took 47 s and 2.8 GB here.
 */
export function deeplyNested(bytes: number, depth = 110): string {
  const lines: string[] = [];
  for (let size = 0; size < bytes; ) {
    for (let level = 0; level < depth && size < bytes; level++) {
      const line = `${"  ".repeat(level)}- [ ] step ${level}`;
      lines.push(line);
      size += line.length + 1;
    }
  }
  return `${lines.join("\n")}\n`;
}
