#!/usr/bin/env bash
# Browser test of the page at / in a real headless Chromium (Debian `chromium`, installed if missing), driven over the
# DevTools protocol by deploy/test/PageCheck.java: local broker + Driftwatch + simulator (demo configuration).
#  1. the page lists all four monitors, the stream is connected, the selected series shows a live and a reference
#     histogram, and the series updates live (window end moves) without a reload;
#  2. blessing the live window over REST (POST .../reference/from-window) shows the new reference version in that
#     series' row, again without a reload;
#  3. once the simulator's drift makes an alert fire, the page opened without a series in its URL lists a firing series
#     first and selects it, draws its KL trend with finite values, and shows every p-value in one format.
# Screenshots: target/page-test/page.png, page-after-from-window.png and page-firing.png.
# Run from the repository root after `./mvnw package`. Everything listens on 127.0.0.1 and is stopped by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

app_port=18085
devtools_port=19222
token=page-test-token
work=target/page-test
rm -rf "$work" && mkdir -p "$work"
say() { echo "[page-test] $*"; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    say "installing chromium (Debian)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=$(command -v chromium)
fi

source deploy/test/processes.sh

bash deploy/local/kafka.sh start
DRIFTWATCH_API_TOKEN=$token java -Dquarkus.http.port=$app_port -Dquarkus.config.locations=deploy/demo/demo.properties \
    -jar target/quarkus-app/quarkus-run.jar >"$work/driftwatch.log" 2>&1 &
pids+=($!)

api=http://127.0.0.1:$app_port
deadline=$((SECONDS + 90))
until curl -sf "$api/api/monitors/score/models/fraud" 2>/dev/null | grep -q '"sufficient":true'; do
    if ((SECONDS > deadline)); then
        say "FAILED: no scored window of score/fraud after 90 s"; tail -20 "$work/driftwatch.log"; exit 1
    fi
    sleep 1
done
say "Driftwatch is scoring windows"

"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --disable-background-networking --no-first-run --no-default-browser-check \
    --remote-debugging-address=127.0.0.1 --remote-debugging-port=$devtools_port \
    --user-data-dir="$work/profile" about:blank >"$work/chromium.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 30))
until curl -sf "http://127.0.0.1:$devtools_port/json/version" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then say "FAILED: Chromium's DevTools did not answer"; tail "$work/chromium.log"; exit 1; fi
    sleep 0.5
done

devtools=http://127.0.0.1:$devtools_port
java deploy/test/PageCheck.java "$devtools" "$api/#score/fraud" "$work/page.png" load score,label,amount,country

version=$(curl -sf -X POST -H "Authorization: Bearer $token" "$api/api/monitors/score/models/fraud/reference/from-window" \
    | grep -o '"version":"[0-9a-f]*"' | cut -d'"' -f4)
say "blessed the live window of score/fraud as reference $version"
java deploy/test/PageCheck.java "$devtools" "$api/" "$work/page-after-from-window.png" reference score/fraud "$version"

deadline=$((SECONDS + 120))
until curl -sf "$api/api/alerts" | grep -q '"status":"firing"'; do
    if ((SECONDS > deadline)); then say "FAILED: no alert fired within 120 s of the drift"; exit 1; fi
    sleep 1
done
say "an alert fires: opening the page without naming a series"
java deploy/test/PageCheck.java "$devtools" "$api/" "$work/page-firing.png" firing
say "PASSED; screenshots in $work/"
