#!/usr/bin/env bash
# Installs Debian's prometheus-alertmanager (the Alertmanager and amtool) when it is missing: the integration tests
# (AlertEpisodesIT) and deploy/test/alertmanager-system-test.sh run a real Alertmanager. Run by `./mvnw verify` before
# the integration tests.
set -euo pipefail
if command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null; then
    exit 0
fi
echo "[ensure-alertmanager] installing prometheus-alertmanager (apt)"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq prometheus-alertmanager >/dev/null
command -v prometheus-alertmanager >/dev/null || { echo "[ensure-alertmanager] prometheus-alertmanager is not on PATH after installing it"; exit 1; }
