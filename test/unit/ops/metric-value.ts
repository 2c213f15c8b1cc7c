import { metrics } from "../../../src/ops/metrics.js";

/**
 * The value of one series in the process's registry, summed over the labels not given (0 when
 * there is none yet). A histogram's series are `<name>_count`, `<name>_sum`, `<name>_bucket`.
 */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const base = metrics.registry.getSingleMetric(name) ? name : name.replace(/_(count|sum|bucket)$/, "");
  const metric = metrics.registry.getSingleMetric(base);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  return values
    .filter((value) => ((value as { metricName?: string }).metricName ?? base) === name)
    .filter((value) => wanted.every(([key, expected]) => String(value.labels[key]) === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
