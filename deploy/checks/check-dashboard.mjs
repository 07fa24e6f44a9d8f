// Type-checks deploy/grafana/driftwatch-dashboard.json against @grafana/schema's Dashboard type (tsc --strict, with
// excess-property checks, by embedding the JSON as a typed object literal), and prints every panel query.
//   node check-dashboard.mjs            type check
//   node check-dashboard.mjs --queries  print one query per line (variables left in) for the live check
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv.find((a) => a.endsWith(".json")) ?? join(here, "../grafana/driftwatch-dashboard.json");
const dashboard = JSON.parse(readFileSync(file, "utf8"));

if (process.argv.includes("--queries")) {
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) console.log(`${panel.title}\t${target.expr}`);
  }
  process.exit(0);
}

const dir = mkdtempSync(join(here, ".tscheck-"));
writeFileSync(
  join(dir, "dashboard.ts"),
  // JSON cannot name TypeScript string enums (ThresholdsMode.Absolute), so each string enum is checked as the union
  // of its literal values; everything else, including excess-property checks on unknown fields, is plain Dashboard
  `import type { AnnotationQuery, Dashboard, DataQuery } from "@grafana/schema";\n` +
    // @grafana/schema types annotation targets as the generic DataQuery; a Prometheus annotation's target is the
    // Prometheus datasource's query, which adds these fields (and nothing else is allowed)
    "interface PromAnnotationTarget extends DataQuery { expr: string; step?: string; titleFormat?: string; textFormat?: string; tagKeys?: string }\n" +
    "type PromDashboard = Omit<Dashboard, 'annotations'> & { annotations?: { list?: AnnotationQuery<PromAnnotationTarget>[] } };\n" +
    "type Json<T> = T extends string ? `${T}` : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;\n" +
    `export const dashboard: Json<PromDashboard> = ${JSON.stringify(dashboard, null, 2)};\n`,
);
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022", skipLibCheck: true, typeRoots: [] , baseUrl: here, paths: { "@grafana/schema": [join(here, "node_modules/@grafana/schema")] } },
    files: ["dashboard.ts"],
  }),
);
try {
  execFileSync(join(here, "node_modules/.bin/tsc"), ["-p", dir], { stdio: "inherit" });
  console.log(`dashboard ${file}: ${dashboard.panels.length} panels type-check against @grafana/schema`);
} catch {
  console.error(`dashboard ${file} does not type-check against @grafana/schema`);
  process.exitCode = 1;
} finally {
  execFileSync("rm", ["-rf", dir]);
}
