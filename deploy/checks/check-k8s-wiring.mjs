// Checks that a rendered overlay (kubectl kustomize output, stdin or a file) drops into kube-prometheus-stack with no
// glue, beyond what the schemas say (check-k8s.mjs):
//   1. the ServiceMonitor and the PrometheusRule carry the `release` label kube-prometheus-stack selects on;
//   2. the dashboard ConfigMap is labelled grafana_dashboard: "1" and holds deploy/grafana/driftwatch-dashboard.json
//      byte for byte;
//   3. exactly one drift-alert path is on: the PrometheusRule's DriftWarning/DriftCritical, or Driftwatch posting to
//      Alertmanager (DRIFTWATCH_ALERTS_ALERTMANAGER_URL or driftwatch.alerts.alertmanager.url) — never both, never none;
//   4. the Kafka address has one source, the driftwatch-env ConfigMap the Deployment reads (KAFKA_BOOTSTRAP_SERVERS),
//      and application.properties does not set it too;
//   5. an Ingress, if any, routes to the Service by a port it has;
//   6. with Strimzi resources (components/strimzi): a KafkaTopic for every topic Driftwatch writes (names derived from
//      application.properties as Driftwatch derives them) and DRIFTWATCH_TOPICS_CREATE=false; the KafkaUser's ACLs
//      name those topics and groups; the pods read the JAAS line from the Secret the User Operator writes for that
//      KafkaUser and speak SASL_SSL; every Strimzi resource names the same cluster.
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

const topics = of("KafkaTopic");
const users = of("KafkaUser");
if (topics.length || users.length) {
  const value = (key, dflt) => {
    const line = properties.split("\n").find((l) => l.trim().startsWith(key + "="));
    return line ? line.split("=").slice(1).join("=").trim() : dflt;
  };
  const group = value("driftwatch.input.group", "driftwatch");
  const written = [`${group}-panes`, `${group}-alert-states`, value("driftwatch.references.topic", "driftwatch-references"),
    value("driftwatch.alerts.kafka.topic", "drift-alerts")];
  const names = topics.map((t) => t.spec.topicName ?? t.metadata.name);
  for (const t of written) if (!names.includes(t)) problems.push(`no KafkaTopic for ${t}, a topic Driftwatch writes`);
  if (env.DRIFTWATCH_TOPICS_CREATE !== "false") problems.push("KafkaTopic resources but DRIFTWATCH_TOPICS_CREATE is not false: Driftwatch would need Create");
  if (env.KAFKA_SECURITY_PROTOCOL !== "SASL_SSL") problems.push("Strimzi resources but KAFKA_SECURITY_PROTOCOL is not SASL_SSL");
  const clusters = new Set([...topics, ...users].map((o) => o.metadata.labels?.["strimzi.io/cluster"]));
  if (clusters.size !== 1 || clusters.has(undefined)) problems.push(`Strimzi resources name ${clusters.size} clusters (label strimzi.io/cluster): one`);
  for (const u of users) {
    const jaas = (container?.env ?? []).find((e) => e.name === "KAFKA_SASL_JAAS_CONFIG")?.valueFrom?.secretKeyRef;
    if (jaas?.name !== u.metadata.name || jaas?.key !== "sasl.jaas.config") {
      problems.push(`KAFKA_SASL_JAAS_CONFIG does not come from Secret ${u.metadata.name} key sasl.jaas.config (written by the User Operator)`);
    }
    const acl = (type, name) => u.spec.authorization.acls.some((a) => a.resource.type === type && a.resource.name === name);
    for (const t of [...written, value("driftwatch.input.topic", "predictions")]) if (!acl("topic", t)) problems.push(`KafkaUser/${u.metadata.name} has no ACL on topic ${t}`);
    for (const g of [group, `${group}-owners`]) if (!acl("group", g)) problems.push(`KafkaUser/${u.metadata.name} has no ACL on group ${g}`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`wiring ok: release labels, dashboard ConfigMap, one drift-alert path (${viaPrometheus ? "Prometheus rules" : "Driftwatch → Alertmanager"}), Kafka from driftwatch-env (${env.KAFKA_BOOTSTRAP_SERVERS})${of("Ingress").length ? ", Ingress → Service" : ""}${topics.length ? ", Strimzi topics, user and credentials" : ""}`);
