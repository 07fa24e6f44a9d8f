// Checks that a rendered overlay (kubectl kustomize output, stdin or a file) drops into kube-prometheus-stack with no
// glue, beyond what the schemas say (check-k8s.mjs):
//   1. the ServiceMonitor and the PrometheusRule carry the `release` label kube-prometheus-stack selects on;
//   2. the dashboard ConfigMap is labelled grafana_dashboard: "1" and holds deploy/grafana/driftwatch-dashboard.json
//      byte for byte;
//   3. exactly one drift-alert path is on: the PrometheusRule's DriftWarning/DriftCritical, or Driftwatch posting to
//      Alertmanager (DRIFTWATCH_ALERTS_ALERTMANAGER_URL or driftwatch.alerts.alertmanager.url) — never both, never none;
//   4. the Kafka address has one source, the driftwatch-env ConfigMap the Deployment reads (KAFKA_BOOTSTRAP_SERVERS),
//      and application.properties does not set it too;
//   5. an Ingress, if any, routes to the Service by a port it has.
//   kubectl kustomize deploy/k8s/overlays/example | node deploy/checks/check-k8s-wiring.mjs
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const objects = parseAllDocuments(readFileSync(process.argv[2] ?? 0, "utf8")).map((d) => d.toJS()).filter(Boolean);
const problems = [];
const of = (kind) => objects.filter((o) => o.kind === kind);
const configMap = (prefix) => of("ConfigMap").find((c) => c.metadata.name.startsWith(prefix));

for (const kind of ["ServiceMonitor", "PrometheusRule"]) {
  for (const o of of(kind)) {
    if (!o.metadata.labels?.release) problems.push(`${kind}/${o.metadata.name} has no release label: kube-prometheus-stack will not select it`);
  }
}

const dashboard = of("ConfigMap").find((c) => c.metadata.labels?.grafana_dashboard === "1");
const expected = readFileSync(join(here, "../grafana/driftwatch-dashboard.json"), "utf8");
if (!dashboard) problems.push("no ConfigMap labelled grafana_dashboard: \"1\" (the Grafana sidecar loads nothing)");
else if (dashboard.data?.["driftwatch-dashboard.json"] !== expected) {
  problems.push(`ConfigMap/${dashboard.metadata.name} differs from deploy/grafana/driftwatch-dashboard.json (copy it to deploy/k8s/base/)`);
}

const env = configMap("driftwatch-env")?.data ?? {};
const properties = configMap("driftwatch-config")?.data?.["application.properties"] ?? "";
const set = (key) => properties.split("\n").some((l) => l.trim().startsWith(key + "="));
const rules = of("PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert)));
const viaPrometheus = rules.includes("DriftWarning") || rules.includes("DriftCritical");
const direct = Boolean(env.DRIFTWATCH_ALERTS_ALERTMANAGER_URL) || set("driftwatch.alerts.alertmanager.url");
if (viaPrometheus && direct) problems.push("every drift would alert twice: the PrometheusRule's DriftWarning/DriftCritical and Driftwatch's own DriftDetected are both on (use components/alertmanager-direct, which drops the rules)");
if (!viaPrometheus && !direct) problems.push("no drift alert path: neither the PrometheusRule's drift rules nor an Alertmanager URL for Driftwatch");

const deployment = of("Deployment")[0];
const container = deployment?.spec.template.spec.containers[0];
const envFrom = (container?.envFrom ?? []).map((e) => e.configMapRef?.name);
if (!env.KAFKA_BOOTSTRAP_SERVERS) problems.push("driftwatch-env has no KAFKA_BOOTSTRAP_SERVERS");
if (!envFrom.includes(configMap("driftwatch-env")?.metadata.name)) problems.push("the Deployment does not read the driftwatch-env ConfigMap (envFrom)");
if (set("kafka.bootstrap.servers")) problems.push("application.properties sets kafka.bootstrap.servers too: one source, driftwatch-env");

const service = of("Service")[0];
for (const ingress of of("Ingress")) {
  for (const rule of ingress.spec.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const b = p.backend.service;
      const port = service?.spec.ports.find((x) => x.name === b.port.name || x.port === b.port.number);
      if (b.name !== service?.metadata.name || !port) problems.push(`Ingress/${ingress.metadata.name} routes to ${b.name}:${b.port.name ?? b.port.number}, which the Service does not serve`);
    }
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`wiring ok: release labels, dashboard ConfigMap, one drift-alert path (${viaPrometheus ? "Prometheus rules" : "Driftwatch → Alertmanager"}), Kafka from driftwatch-env (${env.KAFKA_BOOTSTRAP_SERVERS})${of("Ingress").length ? ", Ingress → Service" : ""}`);
