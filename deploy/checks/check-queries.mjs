// Runs every panel query of the Grafana dashboard against a live Prometheus and fails unless each returns at least
// one series. Dashboard variables are replaced as Grafana's "All" would: $monitor and $model by .*, $__rate_interval
// by 1m.   node check-queries.mjs http://127.0.0.1:19090 [dashboard.json]
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const prometheus = process.argv[2];
const file = process.argv[3] ?? join(here, "../grafana/driftwatch-dashboard.json");
const dashboard = JSON.parse(readFileSync(file, "utf8"));

const queries = [];
for (const panel of dashboard.panels) {
  for (const t of panel.targets ?? []) queries.push([panel.title, t.expr]);
}
for (const v of dashboard.templating.list.filter((v) => v.type === "query")) {
  queries.push([`variable ${v.name}`, v.query.query.replace(/^label_values\((.*), *\w+\)$/, "$1")]);
}

let empty = 0;
for (const [title, expr] of queries) {
  const q = expr.replaceAll("$monitor", ".*").replaceAll("$model", ".*").replaceAll("$__rate_interval", "1m");
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = await response.json();
  const n = body.status === "success" ? body.data.result.length : -1;
  console.log(`${n > 0 ? "ok   " : "EMPTY"} ${String(n).padStart(4)} series  ${title}: ${q}${body.error ? "  (" + body.error + ")" : ""}`);
  if (n <= 0) empty++;
}
if (empty > 0) {
  console.error(`${empty} of ${queries.length} dashboard queries returned no data`);
  process.exit(1);
}
console.log(`all ${queries.length} dashboard queries return data`);
