#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller) on 127.0.0.1 for
# integration tests, run from jars fetched from Maven Central (see pom.xml).
#
# Usage: deploy/kafka/kafka.sh start|stop|restart|resume|status|wait|logs [-f]|topics ARGS...|secure-env
#        start formats fresh storage; resume starts a stopped broker on the
#        storage it had (topics and committed offsets kept: broker-outage drills).
# Env:   KAFKA_HOME_DIR        cache for jars + state (default ${XDG_CACHE_HOME:-$HOME/.cache}/triage-kafka)
#        KAFKA_PORT            client listener port (default 19092)
#        KAFKA_CONTROLLER_PORT KRaft controller port (default 19093)
#        KAFKA_SECURE_PORT     SASL_SSL listener port (default client port + 2):
#                              TLS with client certificates required (mTLS) and
#                              SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 for
#                              user "triage"; certificates are made with openssl
#                              at start. `secure-env` prints what a client needs.
#        KAFKA_START_TIMEOUT   seconds to wait for the broker to answer (default 90)
#        KAFKA_HEAP_OPTS       JVM heap flags (default -Xms256m -Xmx512m)
#        KAFKA_PROBE           readiness probe: auto (kcat -L if installed, else
#                              Kafka's BrokerApiVersionsCommand) or java
# Progress goes to stderr; `start` and `wait` print only KAFKA_BROKERS=host:port
# on stdout: `eval "export $(deploy/kafka/kafka.sh start)"` sets it in a shell.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
POM="$SCRIPT_DIR/pom.xml"
HOST=127.0.0.1
PORT=${KAFKA_PORT:-19092}
CPORT=${KAFKA_CONTROLLER_PORT:-19093}
SPORT=${KAFKA_SECURE_PORT:-$((PORT + 2))}
HOME_DIR=${KAFKA_HOME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/triage-kafka}
TIMEOUT=${KAFKA_START_TIMEOUT:-90}
HEAP=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
BROKERS="$HOST:$PORT"
VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
LIB="$HOME_DIR/lib-$VERSION"
STATE="$HOME_DIR/state-$PORT"
PIDFILE="$STATE/kafka.pid"
LOG="$STATE/server.log"
TLS_DIR="$STATE/tls"
SASL_USER=triage

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ -n $VERSION ]] || die "cannot read <kafka.version> from $POM"

# fetch_jars: copy the pom's runtime jars into $LIB once; the marker holds the
# pom's hash, so editing pom.xml refetches and an interrupted fetch retries.
fetch_jars() {
  local want; want=$(sha256sum "$POM" | cut -d' ' -f1)
  [[ -f $LIB/.complete && $(cat "$LIB/.complete") == "$want" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Kafka $VERSION jars)"
  log "fetching Kafka $VERSION jars from Maven Central into $LIB"
  local tmp="$LIB.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$HOME_DIR"
  if ! mvn -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$HOME_DIR/mvn.log" 2>&1; then
    tail -n 40 "$HOME_DIR/mvn.log" >&2; rm -rf "$tmp"
    die "maven could not fetch the jars listed in $POM (log: $HOME_DIR/mvn.log)"
  fi
  rm -rf "$LIB"; mv "$tmp" "$LIB"
  echo "$want" >"$LIB/.complete"
}

pid_alive() {  # prints the broker pid if the pid file names a live kafka.Kafka
  local pid
  [[ -f $PIDFILE ]] || return 1
  pid=$(cat "$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -F ' kafka.Kafka ' >/dev/null \
    && echo "$pid"
}

jrun() {  # jrun MAIN ARGS...: run a Kafka CLI class quietly (WARN+ to stderr)
  java -Xmx256m -Dlog4j2.configurationFile="$STATE/tools-log4j2.properties" \
    -cp "$LIB/*" "$@"
}

# answers: a real Kafka round trip (Metadata), not just a TCP connect. (grep
# reads all input, not -q: an early exit would SIGPIPE the probe under pipefail.)
answers() {
  if [[ ${KAFKA_PROBE:-auto} != java ]] && command -v kcat >/dev/null; then
    timeout 15 kcat -b "$BROKERS" -L -m 5 2>/dev/null | grep -F "broker 1 at $BROKERS" >/dev/null
  else
    timeout 30 java -Xmx128m -Dlog4j2.configurationFile="$STATE/tools-log4j2.properties" \
      -cp "$LIB/*" org.apache.kafka.tools.BrokerApiVersionsCommand \
      --bootstrap-server "$BROKERS" 2>/dev/null | grep "^$BROKERS (id: 1 " >/dev/null
  fi
}

# make_certs: a throwaway CA, a server certificate for 127.0.0.1/localhost
# and a client certificate (PEM, RSA, PKCS#8 keys), and the SASL password;
# kept across resume so clients keep trusting the broker.
make_certs() {
  [[ -f $TLS_DIR/.complete ]] && return 0
  command -v openssl >/dev/null || die "openssl not found (needed for the SASL_SSL listener's certificates)"
  rm -rf "$TLS_DIR"; mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 30 -subj "/CN=triage CI CA"
    local who usage
    for who in server client; do
      usage=serverAuth; [[ $who == client ]] && usage=clientAuth
      openssl req -newkey rsa:2048 -nodes -keyout "$who-key.pem" -out "$who.csr" -subj "/CN=triage $who"
      printf 'subjectAltName=IP:%s,DNS:localhost\nextendedKeyUsage=%s\n' "$HOST" "$usage" >"$who.ext"
      openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -out "$who.pem" -extfile "$who.ext"
    done
    cat server-key.pem server.pem >server-keystore.pem
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' >sasl-password
  ) >"$TLS_DIR/openssl.log" 2>&1 || { cat "$TLS_DIR/openssl.log" >&2; die "openssl could not make the certificates"; }
  touch "$TLS_DIR/.complete"
}

write_config() {
  mkdir -p "$STATE"
  make_certs
  local pw; pw=$(cat "$TLS_DIR/sasl-password")
  cat >"$STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$CPORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT,SASL_SSL://$HOST:$SPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT,SASL_SSL://$HOST:$SPORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$pw";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$TLS_DIR/server-keystore.pem
listener.name.sasl_ssl.ssl.truststore.type=PEM
listener.name.sasl_ssl.ssl.truststore.location=$TLS_DIR/ca.pem
listener.name.sasl_ssl.ssl.client.auth=required
log.dirs=$STATE/data
num.partitions=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
  write_log_config
}

write_log_config() {  # broker: INFO to stdout (-> server.log); CLIs: WARN to stderr
  local spec name level target
  mkdir -p "$STATE"
  for spec in server:INFO:SYSTEM_OUT tools:WARN:SYSTEM_ERR; do
    IFS=: read -r name level target <<<"$spec"
    cat >"$STATE/$name-log4j2.properties" <<EOF
status = error
appender.out.type = Console
appender.out.name = OUT
appender.out.target = $target
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $level
rootLogger.appenderRef.out.ref = OUT
EOF
  done
}

cmd_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  until answers; do
    if ! pid_alive >/dev/null; then
      log "broker process is not running; last log lines ($LOG):"
      tail -n 60 "$LOG" >&2 2>/dev/null || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "broker did not answer on $BROKERS within ${TIMEOUT}s; last log lines ($LOG):"
      tail -n 60 "$LOG" >&2 || true
      return 1
    fi
    sleep 1
  done
  echo "KAFKA_BROKERS=$BROKERS"
}

cmd_start() {  # cmd_start [keep]: keep starts on the existing storage, if any
  command -v java >/dev/null || die "java not found (Kafka $VERSION needs Java 17+)"
  mkdir -p "$STATE"
  if pid_alive >/dev/null; then
    log "already running (pid $(cat "$PIDFILE")); checking it answers"
    cmd_wait; return
  fi
  rm -f "$PIDFILE"
  if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null || (exec 3<>"/dev/tcp/$HOST/$CPORT") 2>/dev/null || (exec 3<>"/dev/tcp/$HOST/$SPORT") 2>/dev/null; then
    die "port $PORT, $CPORT or $SPORT on $HOST is taken by another process (not started by this script)"
  fi
  fetch_jars
  [[ ${1:-} == keep ]] || rm -f "$TLS_DIR/.complete"  # fresh storage, fresh certificates
  write_config
  local id pw started=$SECONDS
  if [[ ${1:-} == keep && -f $STATE/data/meta.properties ]]; then
    log "resuming on the existing storage in $STATE/data"
  else
    rm -rf "$STATE/data"
    id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    log "formatting fresh storage in $STATE/data (cluster id $id)"
    pw=$(cat "$TLS_DIR/sasl-password")
    jrun kafka.tools.StorageTool format -t "$id" -c "$STATE/server.properties" --standalone \
      --add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$pw]" --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$pw]" \
      >"$LOG" 2>&1 || { tail -n 30 "$LOG" >&2; die "storage format failed"; }
  fi
  log "starting Kafka $VERSION on $BROKERS (controller $HOST:$CPORT), log: $LOG"
  # shellcheck disable=SC2086 # HEAP is a list of JVM flags
  nohup java $HEAP -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STATE/server-log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$STATE/server.properties" </dev/null >>"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  if ! cmd_wait; then
    cmd_stop; die "broker failed to start"
  fi
  log "ready in $((SECONDS - started))s"
}

cmd_stop() {
  local pid i
  if ! pid=$(pid_alive); then
    rm -f "$PIDFILE"; log "not running"; return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PIDFILE"; log "stopped"
}

cmd_status() {
  local pid
  if ! pid=$(pid_alive); then echo "stopped"; return 3; fi
  if answers; then echo "running pid=$pid brokers=$BROKERS version=$VERSION"; return 0; fi
  echo "running pid=$pid but not answering on $BROKERS"; return 1
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  resume) cmd_start keep ;;
  status) cmd_status ;;
  wait) pid_alive >/dev/null || die "not running (use start)"; cmd_wait ;;
  logs) [[ -f $LOG ]] || die "no log at $LOG"
        if [[ ${2:-} == -f ]]; then tail -n 50 -F "$LOG"; else tail -n "${KAFKA_LOG_LINES:-200}" "$LOG"; fi ;;
  secure-env) [[ -f $TLS_DIR/.complete ]] || die "no certificates yet (use start)"
    printf '%s\n' "KAFKA_BROKERS=$HOST:$SPORT" "KAFKA_TLS_CA_FILE=$TLS_DIR/ca.pem" \
      "KAFKA_TLS_CERT_FILE=$TLS_DIR/client.pem" "KAFKA_TLS_KEY_FILE=$TLS_DIR/client-key.pem" \
      "KAFKA_SASL_MECHANISM=${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}" "KAFKA_SASL_USERNAME=$SASL_USER" \
      "KAFKA_SASL_PASSWORD=$(cat "$TLS_DIR/sasl-password")" ;;
  topics) shift; [[ -f $LIB/.complete ]] || fetch_jars; write_log_config
          jrun org.apache.kafka.tools.TopicCommand --bootstrap-server "$BROKERS" "$@" ;;
  *) echo "usage: $0 start|stop|restart|resume|status|wait|logs [-f]|topics ARGS...|secure-env" >&2; exit 2 ;;
esac
