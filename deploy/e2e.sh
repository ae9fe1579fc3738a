#!/usr/bin/env bash
# End-to-end check of the real binary against a real Kafka broker, with kcat
# (librdkafka) as an independent third-party client on both sides:
#   kcat produces the sample emails and tickets plus one broken record,
#   `triage run` decides them, kcat reads the outputs back, SIGTERM stops
#   triage (exit 0 expected), and a second run proves the offsets were
#   committed (it publishes nothing new).
# Usage: KAFKA_BROKERS=127.0.0.1:19092 deploy/e2e.sh   (CI calls it after kafka.sh start)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BROKERS=${KAFKA_BROKERS:?set KAFKA_BROKERS, e.g. from deploy/kafka/kafka.sh start}
command -v kcat >/dev/null || { echo "e2e: kcat missing (apt-get install kcat)" >&2; exit 1; }
work=$(mktemp -d /tmp/triage-e2e.XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
fail() { echo "e2e: FAIL: $*" >&2; echo "--- triage log (tail)" >&2; tail -n 30 "$work/run.log" >&2 || true; exit 1; }

go build -o "$work/triage" ./cmd/triage
p="e2e.$(date +%s).$RANDOM"
declare -A T=([emails]=$p.emails [tickets]=$p.tickets [orders]=$p.orders [routed]=$p.routed [dlq]=$p.dlq)
for t in "${T[@]}"; do
  deploy/kafka/kafka.sh topics --create --topic "$t" --partitions 3 --replication-factor 1 >/dev/null
done

# key<TAB>value lines: tickets keyed by customer id, emails by sender.
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
with open(f"{w}/tickets.tsv", "w") as f:
    for line in open("internal/demo/samples/tickets.jsonl"):
        if line.strip():
            f.write(json.loads(line)["customer"]["id"] + "\t" + line.strip() + "\n")
    f.write("bad\t{\"ticket_id\": broken\n")
with open(f"{w}/emails.tsv", "w") as f:
    for line in open("internal/demo/samples/emails.jsonl"):
        if line.strip():
            f.write(json.loads(line)["from"] + "\t" + line.strip() + "\n")
PY
kcat -b "$BROKERS" -P -t "${T[tickets]}" -K $'\t' -l "$work/tickets.tsv"
kcat -b "$BROKERS" -P -t "${T[emails]}" -K $'\t' -l "$work/emails.tsv"
want_routed=$(($(wc -l <"$work/tickets.tsv") - 1))
want_orders=$(wc -l <"$work/emails.tsv")

# A free loopback port for the admin server (its default :9464 may be taken
# by another run on this machine).
admin_port=$(for port in $(shuf -i 20000-60000 -n 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; break; }
done)
[[ -n $admin_port ]] || fail "no free port for the admin server"

run_triage() {
  "$work/triage" run --kafka.brokers "$BROKERS" --kafka.group_id "$p" --admin.addr "127.0.0.1:$admin_port" \
    --topics.emails "${T[emails]}" --topics.tickets "${T[tickets]}" --topics.orders "${T[orders]}" \
    --topics.routed "${T[routed]}" --topics.dlq "${T[dlq]}" --log.level info >>"$work/run.log" 2>&1 &
  pid=$!
}
count() { kcat -b "$BROKERS" -C -t "$1" -e -q -o beginning | wc -l; }

run_triage
for _ in $(seq 1 120); do
  [[ $(count "${T[routed]}") -ge $want_routed && $(count "${T[orders]}") -ge $want_orders && $(count "${T[dlq]}") -ge 1 ]] && break
  kill -0 "$pid" 2>/dev/null || fail "triage exited early"
  sleep 0.5
done
routed=$(count "${T[routed]}"); orders=$(count "${T[orders]}"); dlq=$(count "${T[dlq]}")
[[ $routed -eq $want_routed && $orders -eq $want_orders && $dlq -eq 1 ]] ||
  fail "outputs routed=$routed/$want_routed orders=$orders/$want_orders dlq=$dlq/1"
# The admin server answers: ready (within 30 s), and the build is on /metrics.
for i in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$admin_port/readyz" >/dev/null 2>&1 && break
  ((i < 60)) || fail "/readyz not OK on the admin server within 30 s"
  sleep 0.5
done
# (to a file first: grep -q would close the pipe early, and curl's SIGPIPE
# fails the pipeline under pipefail)
curl -fsS -o "$work/metrics.txt" "http://127.0.0.1:$admin_port/metrics" || fail "/metrics not served on the admin server"
grep '^triage_build_info{' "$work/metrics.txt" >/dev/null || fail "/metrics lacks triage_build_info"
sleep 1 # let the committer run once more
kill -TERM "$pid"; wait "$pid" || fail "triage exited non-zero after SIGTERM"; pid=""

# Every output is a CloudEvent (checked by a third-party reader), the dead
# letter carries its reason header.
kcat -b "$BROKERS" -C -t "${T[routed]}" -e -q -o beginning >"$work/routed.jsonl"
python3 - "$work/routed.jsonl" <<'PY' || fail "routed outputs are not CloudEvents"
import json, sys
for line in open(sys.argv[1]):
    ev = json.loads(line)
    assert ev["specversion"] == "1.0" and ev["type"] == "triage.ticket.routed.v1", ev
    assert ev["data"]["decision"]["queue"] and len(ev["id"]) == 32, ev
PY
# Structured mode: content-type application/cloudevents+json and no ce_
# header (a reader that sees one picks binary mode: the Python SDK's from_kafka).
kcat -b "$BROKERS" -C -t "${T[routed]}" -e -q -o beginning -f '%h\n' >"$work/routed.headers"
grep -q '\(^\|,\)ce_' "$work/routed.headers" && fail "routed events carry ce_ headers: $(grep -m1 ce_ "$work/routed.headers")"
[[ $(grep -c 'content-type=application/cloudevents+json' "$work/routed.headers") -eq $routed ]] ||
  fail "routed events without content-type application/cloudevents+json"
kcat -b "$BROKERS" -C -t "${T[dlq]}" -e -q -o beginning -f '%h\n' | grep -q 'triage-dlq-reason=invalid_json' ||
  fail "dead letter lacks triage-dlq-reason=invalid_json"

# Offsets were committed: a second run publishes nothing new.
run_triage
sleep 6
kill -TERM "$pid"; wait "$pid" || fail "second run exited non-zero"; pid=""
[[ $(count "${T[routed]}") -eq $routed && $(count "${T[orders]}") -eq $orders ]] || fail "second run re-published: offsets not committed"
grep -q '"msg":"consumer stopped"' "$work/run.log" || fail "no clean shutdown logged"
echo "e2e: OK routed=$routed orders=$orders dlq=$dlq (kcat in, triage run, kcat out, SIGTERM, offsets committed)"
rm -rf "$work"
