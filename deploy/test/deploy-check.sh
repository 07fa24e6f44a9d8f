#!/usr/bin/env bash
# Proves every file in deploy/ with the tool that consumes it. Run from anywhere after `./mvnw package`:
#   bash deploy/test/deploy-check.sh           static checks, broken-on-purpose checks, live scrape
#   bash deploy/test/deploy-check.sh --static  without the live scrape
# Installs what is missing: Debian prometheus (promtool), prometheus-alertmanager (amtool), kubectl; npm packages
# into deploy/checks/node_modules (pinned by its package-lock.json). Everything it starts listens on 127.0.0.1 and
# is stopped by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
say() { echo "[deploy-check] $*"; }

need_apt=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || need_apt+=(prometheus)
command -v amtool >/dev/null || need_apt+=(prometheus-alertmanager)
command -v kubectl >/dev/null || need_apt+=(kubectl)
if ((${#need_apt[@]})); then
    say "installing ${need_apt[*]} (apt)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
(cd deploy/checks && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

say "promtool: scrape config, rules, rule unit tests"
promtool check config deploy/prometheus/prometheus.yml
promtool check rules deploy/prometheus/rules/driftwatch.rules.yml
promtool test rules deploy/prometheus/tests/driftwatch.rules.test.yml
say "amtool: Alertmanager example config"
amtool check-config deploy/alertmanager/alertmanager.yml
route() { # expected receiver, labels...
    local want=$1 got
    shift
    got=$(amtool config routes test --config.file=deploy/alertmanager/alertmanager.yml "$@" 2>/dev/null)
    [[ $got == "$want" ]] || { say "amtool: $* routed to '$got', expected $want"; exit 1; }
}
route ml-platform-page alertname=DriftModel model=fraud severity=critical service=driftwatch
route ml-platform alertname=DriftModel model=fraud severity=warning service=driftwatch
route ml-platform-page alertname=DriftCritical monitor=score model=fraud severity=critical service=driftwatch
route ml-platform alertname=DriftDetected monitor=score model=fraud severity=warning service=driftwatch
say "Grafana dashboard against @grafana/schema"
node deploy/checks/check-dashboard.mjs
say "Kubernetes: kustomize render (base and the example overlays) + schema validation (Kubernetes, prometheus-operator,"
say "  Strimzi CRDs) + kube-prometheus-stack wiring"
kubectl kustomize deploy/k8s/base | node deploy/checks/check-k8s.mjs
for overlay in example example-alertmanager-direct example-strimzi; do
    kubectl kustomize deploy/k8s/overlays/$overlay | node deploy/checks/check-k8s.mjs
    kubectl kustomize deploy/k8s/overlays/$overlay | node deploy/checks/check-k8s-wiring.mjs
done
cmp deploy/grafana/driftwatch-dashboard.json deploy/k8s/base/driftwatch-dashboard.json \
    || { say "deploy/k8s/base/driftwatch-dashboard.json is not a copy of deploy/grafana/driftwatch-dashboard.json"; exit 1; }
grep -q 'DRIFTWATCH_ALERTS_ALERTMANAGER_URL: http' deploy/compose.yaml \
    && { say "compose.yaml sends drift alerts twice (Driftwatch and the Prometheus rules)"; exit 1; }
say "compose.yaml uses the same rule, scrape, Alertmanager and dashboard files"
for f in ./prometheus/prometheus.yml ./prometheus/rules ./alertmanager/alertmanager.yml ./grafana/driftwatch-dashboard.json; do
    grep -qF "$f" deploy/compose.yaml || { say "compose.yaml does not mount $f"; exit 1; }
done

say "broken on purpose: each check must reject a sabotaged copy"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_failure() { # description, command...
    local what=$1
    shift
    if "$@" >"$tmp/out.txt" 2>&1; then
        say "FAILED: the check accepted $what"
        cat "$tmp/out.txt"
        exit 1
    fi
    say "  rejected as it should: $what"
}
sed 's/severity="warning"}\[1m\])) == 2/severity="warning"}[1m])) >= 1/' deploy/prometheus/rules/driftwatch.rules.yml \
    >"$tmp/rules.yml"
sed "s|../rules/driftwatch.rules.yml|$tmp/rules.yml|" deploy/prometheus/tests/driftwatch.rules.test.yml >"$tmp/test.yml"
expect_failure "a rule that pages on a pending alert (promtool test rules)" promtool test rules "$tmp/test.yml"
sed 's/severity="warning"}\[1m\])) == 2/severity="warning"}[1m])) == == 2/' deploy/prometheus/rules/driftwatch.rules.yml >"$tmp/bad-syntax.yml"
expect_failure "a rule with a broken expression (promtool check rules)" promtool check rules "$tmp/bad-syntax.yml"
sed 's/"graphTooltip": 1,/"graphTooltip": 1, "refreshh": "5s",/' deploy/grafana/driftwatch-dashboard.json >"$tmp/dash.json"
expect_failure "a dashboard with an unknown field" node deploy/checks/check-dashboard.mjs "$tmp/dash.json"
sed 's/"type": "timeseries"/"type": 7/' deploy/grafana/driftwatch-dashboard.json >"$tmp/dash2.json"
expect_failure "a dashboard with a mistyped panel type" node deploy/checks/check-dashboard.mjs "$tmp/dash2.json"
kubectl kustomize deploy/k8s/overlays/example | sed 's/containerPort: 8080/containerPort: 8080\n          hostPorts: 8080/' \
    >"$tmp/manifests.yaml"
expect_failure "a manifest with an unknown field" node deploy/checks/check-k8s.mjs "$tmp/manifests.yaml"
kubectl kustomize deploy/k8s/overlays/example | sed 's/containerPort: 8080/containerPort: "eighty"/' >"$tmp/m2.yaml"
expect_failure "a manifest with a mistyped port" node deploy/checks/check-k8s.mjs "$tmp/m2.yaml"
kubectl kustomize deploy/k8s/overlays/example-strimzi | sed 's/^      - Read$/      - Reed/' >"$tmp/m5.yaml"
expect_failure "a KafkaUser with an operation Strimzi does not know" node deploy/checks/check-k8s.mjs "$tmp/m5.yaml"
kubectl kustomize deploy/k8s/overlays/example-strimzi | sed 's/  partitions: 12/  partitions: twelve/' >"$tmp/m6.yaml"
expect_failure "a KafkaTopic with a mistyped partition count" node deploy/checks/check-k8s.mjs "$tmp/m6.yaml"
kubectl kustomize deploy/k8s/overlays/example-strimzi | sed 's/DRIFTWATCH_TOPICS_CREATE: "false"/DRIFTWATCH_TOPICS_CREATE: "true"/' >"$tmp/m7.yaml"
expect_failure "Strimzi topics while Driftwatch would create them itself" node deploy/checks/check-k8s-wiring.mjs "$tmp/m7.yaml"

kubectl kustomize deploy/k8s/overlays/example | sed '/^    release: kube-prometheus-stack$/d' >"$tmp/m3.yaml"
expect_failure "an overlay whose ServiceMonitor/PrometheusRule lack the release label" \
    node deploy/checks/check-k8s-wiring.mjs "$tmp/m3.yaml"
kubectl kustomize deploy/k8s/overlays/example \
    | sed 's|^  KAFKA_BOOTSTRAP_SERVERS: .*|&\n  DRIFTWATCH_ALERTS_ALERTMANAGER_URL: http://alertmanager-operated.monitoring:9093|' >"$tmp/m4.yaml"
expect_failure "an overlay that alerts twice (Driftwatch → Alertmanager and the drift rules)" \
    node deploy/checks/check-k8s-wiring.mjs "$tmp/m4.yaml"
kubectl kustomize deploy/k8s/overlays/example-alertmanager-direct \
    | sed '/DRIFTWATCH_ALERTS_ALERTMANAGER_URL/d' >"$tmp/m5.yaml"
expect_failure "an overlay with no drift-alert path at all" node deploy/checks/check-k8s-wiring.mjs "$tmp/m5.yaml"
kubectl kustomize deploy/k8s/overlays/example | sed 's/"title": "Driftwatch — model drift"/"title": "stale copy"/' \
    >"$tmp/m6.yaml"
expect_failure "a dashboard ConfigMap that is not the dashboard" node deploy/checks/check-k8s-wiring.mjs "$tmp/m6.yaml"
kubectl kustomize deploy/k8s/overlays/example \
    | sed 's|^    # The broker address comes|    kafka.bootstrap.servers=kafka:9092\n&|' >"$tmp/m7.yaml"
expect_failure "a Kafka address set in application.properties as well as driftwatch-env" \
    node deploy/checks/check-k8s-wiring.mjs "$tmp/m7.yaml"

[[ ${1:-} == --static ]] && { say "static checks passed"; exit 0; }
bash deploy/test/live-scrape-check.sh
