#!/usr/bin/env bash
# make demo: a simulated municipality through the real daemon.
# Starts kpiwatchd on an embedded RocksDB under ./var/demo, declares the indicators of the
# simulated "werkplein" scenario, ingests seven years of monthly data, prints what a data
# steward would look at, runs detectors offline where the simulator injected effects, and writes
# the auditor's report of a flagged indicator. The daemon is stopped at the end.
set -euo pipefail
build=${1:-build}
kpiwatchd="$build/daemon/kpiwatchd"
kpiwatch="$build/client/kpiwatch"
demo=var/demo
rm -rf "$demo"
mkdir -p "$demo"

echo "== 1. Simulating the 'werkplein' municipality scenario (seed 2024)"
"$kpiwatch" simulate --scenario werkplein --seed 2024 --out "$demo/scenario"
ls -l "$demo/scenario"

echo
echo "== 2. Starting kpiwatchd (data in $demo/data)"
"$kpiwatchd" --data-dir "$demo/data" --listen 127.0.0.1:0 --catalogue "$demo/scenario/catalogue.yaml" \
  >"$demo/kpiwatchd.log" 2>&1 &
daemon_pid=$!
trap 'kill -TERM $daemon_pid 2>/dev/null; wait $daemon_pid 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*http: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$demo/kpiwatchd.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 $daemon_pid 2>/dev/null || { cat "$demo/kpiwatchd.log"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "kpiwatchd did not start"; cat "$demo/kpiwatchd.log"; exit 1; }
export KPIWATCH_SERVER="http://127.0.0.1:$port"
"$kpiwatch" status

echo
echo "== 3. Ingesting the observations"
"$kpiwatch" ingest "$demo/scenario/observations.csv"

echo
echo "== 4. Declared indicators"
"$kpiwatch" indicators

first_unit=$(sed -n '2p' "$demo/scenario/observations.csv" | cut -d, -f2)
echo
echo "== 5. One series: werkplein.uitstroom_werk / $first_unit (2025)"
"$kpiwatch" series werkplein.uitstroom_werk "$first_unit" --from 2025-01

# The truth file says where the simulator injected a level shift and an outlier; run the
# matching detectors offline (kpiwatch detect reads the observation CSV, no daemon needed).
for detector in pelt outlier; do
  entry=$(grep "\"detector\":\"$detector\"" "$demo/scenario/truth.json" | head -n 1)
  indicator=$(printf '%s' "$entry" | sed 's/.*"indicator":"\([^"]*\)".*/\1/')
  unit=$(printf '%s' "$entry" | sed 's/.*"unit":"\([^"]*\)".*/\1/')
  echo
  echo "== 6. $detector on $indicator / $unit ($(printf '%s' "$entry" | sed 's/.*"description":"\([^"]*\)".*/\1/'))"
  "$kpiwatch" detect "$demo/scenario/observations.csv" --detector "$detector" --indicator "$indicator" --unit "$unit"
done

echo
echo "== 7. Alerts raised by the default rules (waiting for the scheduler)"
for _ in $(seq 1 600); do
  health=$(curl -s "$KPIWATCH_SERVER/healthz")
  case "$health" in *'"queued":0,"busy":false'*) break ;; esac
  sleep 0.2
done
"$kpiwatch" alerts
first_alert=$("$kpiwatch" alerts --json | sed -n 's/^{"count":[0-9]*,"alerts":\[{"id":\([0-9]*\).*/\1/p')
if [ -n "$first_alert" ]; then
  echo
  echo "== 8. The newest alert in full"
  "$kpiwatch" alert "$first_alert"
fi
echo
echo "== 9. Steering status per indicator"
"$kpiwatch" indicators

report_indicator=$("$kpiwatch" alerts --json | sed -n 's/^{"count":[0-9]*,"alerts":\[{[^}]*"indicator":"\([^"]*\)".*/\1/p')
report_indicator=${report_indicator:-werkplein.uitstroom_werk}
echo
echo "== 10. The auditor's report of $report_indicator (self-contained HTML, and CSV for Excel)"
"$kpiwatch" report --indicator "$report_indicator" --out "$demo/report.html"
"$kpiwatch" report --indicator "$report_indicator" --format csv --locale nl --out "$demo/report.csv"
echo "Open $demo/report.html in a browser. A running kpiwatchd serves the same view at $KPIWATCH_SERVER/ui/."

echo
echo "Daemon log: $demo/kpiwatchd.log. Stopping kpiwatchd."
