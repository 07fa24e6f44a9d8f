// Validates rendered Kubernetes manifests (kubectl kustomize output, read from stdin or a file) against the
// Kubernetes, prometheus-operator and Strimzi (KafkaTopic, KafkaUser) schemas:
//   1. at run time with kubernetes-models' validate() (required fields, formats, enums);
//   2. at compile time with tsc --strict, each object embedded as a typed object literal, so unknown fields are
//      rejected (excess-property checks) — validate() alone accepts them.
// Also checks that the PrometheusRule carries the rule groups of deploy/prometheus/rules/driftwatch.rules.yml
// unchanged (the drift group may be left out, see components/alertmanager-direct).
//   kubectl kustomize deploy/k8s/overlays/example | node deploy/checks/check-k8s.mjs
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const input = readFileSync(process.argv[2] ?? 0, "utf8");
const objects = parseAllDocuments(input).map((d) => d.toJS()).filter(Boolean);
if (objects.length === 0) {
  console.error("no objects to check (did kustomize fail?)");
  process.exit(1);
}

function modulePath(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  if (apiVersion.startsWith("kafka.strimzi.io/")) {
    // generated from Strimzi's published CRD schemas
    return `@kubernetes-models/strimzi-kafka-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

let failures = 0;
const declarations = [];
for (const [i, o] of objects.entries()) {
  const path = modulePath(o.apiVersion, o.kind);
  const what = `${o.kind}/${o.metadata?.name}`;
  try {
    const module = await import(path);
    new module[o.kind](o).validate();
  } catch (e) {
    failures++;
    console.error(`${what}: ${e.message}`);
    continue;
  }
  declarations.push(`import type { I${o.kind} as T${i} } from "${path}";\nexport const o${i}: T${i} = ${JSON.stringify(o, null, 2)};`);
  if (o.kind === "PrometheusRule") {
    // every group is the same-named group of the rules file; only the drift group may be left out (the
    // alertmanager-direct component does, check-k8s-wiring.mjs checks one drift path is on)
    const rules = parse(readFileSync(join(here, "../prometheus/rules/driftwatch.rules.yml"), "utf8"));
    const byName = new Map(rules.groups.map((g) => [g.name, g]));
    const names = o.spec.groups.map((g) => g.name);
    for (const g of o.spec.groups) {
      if (!isDeepStrictEqual(g, byName.get(g.name))) {
        failures++;
        console.error(`${what}: group ${g.name} differs from deploy/prometheus/rules/driftwatch.rules.yml (regenerate it)`);
      }
    }
    for (const name of byName.keys()) {
      if (name !== "driftwatch-drift" && !names.includes(name)) {
        failures++;
        console.error(`${what}: group ${name} of deploy/prometheus/rules/driftwatch.rules.yml is missing`);
      }
    }
  }
}

const dir = mkdtempSync(join(here, ".tscheck-"));
writeFileSync(join(dir, "manifests.ts"), declarations.join("\n"));
writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022", skipLibCheck: true, typeRoots: [], baseUrl: here, paths: { "*": [join(here, "node_modules/*")] } },
  files: ["manifests.ts"],
}));
try {
  execFileSync(join(here, "node_modules/.bin/tsc"), ["-p", dir], { stdio: "inherit" });
} catch {
  failures++;
  console.error("manifests do not type-check against the Kubernetes schemas (unknown or mistyped fields above)");
} finally {
  execFileSync("rm", ["-rf", dir]);
}
if (failures > 0) {
  console.error(`${failures} problem(s) in ${objects.length} objects`);
  process.exit(1);
}
console.log(`${objects.length} objects valid: ${objects.map((o) => o.kind).join(", ")}`);
