#!/usr/bin/env bash
# Chaos drills (issue 9, item 10) against the real broker: builds triage,
# runs internal/chaos/cmd/drill (SIGKILLs, rolling restart, broker outage,
# slow record during a rebalance, scaling 1->3->1, flapping LLM, hostile
# input) and fails if any record is lost, duplicates pass the bound per
# crash, a key's order inverts or a committed offset moves backwards.
# Usage: KAFKA_BROKERS=127.0.0.1:19092 deploy/chaos.sh [--short] [drill flags...]
#        (the broker must be the one deploy/kafka/kafka.sh controls: the
#        outage drill stops and resumes it; KAFKA_PORT as for kafka.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BROKERS=${KAFKA_BROKERS:?set KAFKA_BROKERS, e.g. from deploy/kafka/kafka.sh start}
work=$(mktemp -d /tmp/triage-chaos.XXXXXX)
go build -o "$work/triage" ./cmd/triage
go build -o "$work/drill" ./internal/chaos/cmd/drill
args=()
for a in "$@"; do [[ $a == --short ]] && a=-short; args+=("$a"); done
rc=0
"$work/drill" -brokers "$BROKERS" -triage "$work/triage" -kafka-sh deploy/kafka/kafka.sh -dir "$work" "${args[@]}" || rc=$?
if ((rc != 0)); then
  echo "chaos: FAIL (exit $rc); reports and instance logs kept in $work" >&2
  exit "$rc"
fi
echo "chaos: OK (reports in $work)"
