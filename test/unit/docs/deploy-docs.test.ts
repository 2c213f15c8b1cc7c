import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { metrics } from "../../../src/ops/metrics.js";

const root = join(import.meta.dirname, "../../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const deploy = readme.slice(readme.indexOf("## Deploy\n"), readme.indexOf("\n## ", readme.indexOf("## Deploy\n") + 1));
const envExample = readFileSync(join(root, ".env.example"), "utf8");

describe("the README's Deploy section", () => {
  it("lists every metric the app exports", () => {
    const names = metrics.registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !deploy.includes(`\`${name}\``))).toEqual([]);
  });

  it("gives a Prometheus scrape config and alert rules that are YAML and name real metrics", () => {
    const blocks = [...deploy.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1]!) as Record<string, any>);
    const scrape = blocks.find((block) => "scrape_configs" in block)!;
    expect(scrape.scrape_configs[0]).toMatchObject({ metrics_path: "/metrics", authorization: { type: "Bearer" } });
    const rules = blocks.find((block) => "groups" in block)!.groups[0].rules as { alert: string; expr: string }[];
    expect(rules).toHaveLength(5);
    const names = new Set(metrics.registry.getMetricsAsArray().map((metric) => metric.name));
    for (const rule of rules) {
      const used = [...rule.expr.matchAll(/\b(taskmirror_\w+?)(?:_bucket)?\b(?=[{[])/g)].map((match) => match[1]!);
      expect(used.length, rule.alert).toBeGreaterThan(0);
      expect(used.filter((name) => !names.has(name))).toEqual([]);
    }
  });

  it("documents the operations variables in .env.example too", () => {
    for (const variable of ["METRICS_TOKEN", "REDIS_URL", "WEBHOOK_PROXY_URL", "PRIVATE_KEY_PATH", "LOG_FORMAT"]) {
      expect(deploy + readme.slice(0, readme.indexOf("## Task documents")), variable).toContain(variable);
      expect(envExample, variable).toMatch(new RegExp(`^#? ?${variable}=`, "m"));
    }
  });
});
