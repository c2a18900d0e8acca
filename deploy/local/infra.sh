#!/usr/bin/env bash
# Closeout local infrastructure, without Docker:
#   Kafka (KRaft, single node), PostgreSQL, Mailpit (SMTP + API), stripe-mock.
#
# Usage: deploy/local/infra.sh {install|start|stop|restart|status|env|reset|logs NAME|help}
#        deploy/local/infra.sh kafka {start|stop}   (Kafka alone, e.g. a private test broker)
#
# Everything an instance owns (data, logs, pids, generated config, infra.env) lives in
# the state dir, so several instances can run side by side (e.g. dev + tests):
#   CLOSEOUT_STATE_DIR   default <repo>/.local
# Installed artifacts (Kafka jars, Go binaries) are shared between instances:
#   CLOSEOUT_CACHE_DIR   default <repo>/.local/cache
# Ports (all bound to 127.0.0.1). Precedence: environment > the instance's saved
# config ($STATE/config.env, written by `start`) > defaults:
#   KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 KAFKA_PLATFORM_PORT=9094 POSTGRES_PORT=5432
#   MAILPIT_SMTP_PORT=1025 MAILPIT_HTTP_PORT=8025 STRIPE_MOCK_PORT=12111
# Kafka has two client listeners: KAFKA_PORT (plaintext, for the services on the private
# network; its anonymous principal is a super user) and KAFKA_PLATFORM_PORT (SASL_PLAINTEXT,
# SCRAM-SHA-256, for field platforms: ACLs decide what each platform principal may do; see
# `closeout-jobs add-platform`).
# Other knobs:
#   CLOSEOUT_PG_FAST=1            start Postgres with fsync=off etc. (tests)
#   CLOSEOUT_START_TIMEOUT=120    seconds to wait for each component to become healthy
#   CLOSEOUT_KAFKA_HEAP_OPTS      default "-Xms512m -Xmx2g"
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

COMPONENTS=(postgres kafka mailpit stripe-mock)
PORT_VARS=(KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_PLATFORM_PORT POSTGRES_PORT MAILPIT_SMTP_PORT MAILPIT_HTTP_PORT STRIPE_MOCK_PORT)
DATABASES=(closeout_jobs closeout_invoicing closeout_payments closeout_notifications closeout_dashboard)
DB_ROLE=closeout
DB_PASSWORD=closeout
HOST=127.0.0.1

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

init_paths() {
  STATE=$(abs_dir "${CLOSEOUT_STATE_DIR:-$REPO_ROOT/.local}")
  CACHE=$(abs_dir "${CLOSEOUT_CACHE_DIR:-$REPO_ROOT/.local/cache}")
  LOGS=$STATE/logs
  RUN=$STATE/run
  KAFKA_DIR=$STATE/kafka
  PG_DIR=$STATE/postgres
  PG_DATA=$PG_DIR/data
  PG_SOCKET_DIR=$PG_DIR/socket
  MAILPIT_DIR=$STATE/mailpit
  KAFKA_LIBS=$CACHE/kafka/libs
  BIN=$CACHE/bin
  mkdir -p "$LOGS" "$RUN"
}

# Ports: environment wins, then the instance's saved config, then defaults.
load_config() {
  local key value
  if [[ -f $STATE/config.env ]]; then
    while IFS='=' read -r key value; do
      [[ $key =~ ^[A-Z_]+$ ]] || continue
      if [[ -z ${!key:-} ]]; then printf -v "$key" '%s' "$value"; fi
    done <"$STATE/config.env"
  fi
  : "${KAFKA_PORT:=9092}" "${KAFKA_CONTROLLER_PORT:=9093}" "${POSTGRES_PORT:=5432}"
  default_platform_port
  : "${MAILPIT_SMTP_PORT:=1025}" "${MAILPIT_HTTP_PORT:=8025}" "${STRIPE_MOCK_PORT:=12111}"
  : "${CLOSEOUT_START_TIMEOUT:=120}" "${CLOSEOUT_PG_FAST:=0}"
  : "${CLOSEOUT_KAFKA_HEAP_OPTS:=-Xms512m -Xmx2g}"
  local var
  for var in "${PORT_VARS[@]}"; do
    [[ ${!var} =~ ^[0-9]+$ ]] || die "$var must be a port number, got '${!var}'"
  done
}

# The platform listener came after the other ports: an instance on non-default ports that does
# not name it (started by an older infra.sh, or a caller that sets only KAFKA_PORT) gets a free
# port rather than 9094, which the default instance may hold.
default_platform_port() {
  [[ -n ${KAFKA_PLATFORM_PORT:-} ]] && return 0
  if [[ $KAFKA_PORT == 9092 ]] || ! command -v python3 >/dev/null; then
    KAFKA_PLATFORM_PORT=9094
    return 0
  fi
  KAFKA_PLATFORM_PORT=$(python3 "$SCRIPT_DIR/free_ports.py" --format env | sed -n 's/^KAFKA_PLATFORM_PORT=//p')
}

save_config() {
  local var
  {
    echo "# Ports used by this instance (written by infra.sh start)"
    for var in "${PORT_VARS[@]}"; do echo "$var=${!var}"; done
  } >"$STATE/config.env.tmp"
  mv "$STATE/config.env.tmp" "$STATE/config.env"
}

# Serialise commands that change an instance (start/stop/reset) and installs into the
# cache. The lock fds (8, 9) must never leak into the long-running processes: launch()
# and pg_ctl close them.
lock_state() {
  exec 8>"$STATE/.infra.lock"
  flock -w 600 8 || die "another infra.sh command holds $STATE/.infra.lock for 10 minutes; giving up"
}
lock_cache() {
  exec 9>"$CACHE/.install.lock"
  flock -w 1800 9 || die "another infra.sh install holds $CACHE/.install.lock; giving up"
}
unlock_cache() { exec 9>&-; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

pidfile() { echo "$RUN/$1.pid"; }

# Prints the pid of a running component, or fails. Checks the command line so that a
# recycled pid is not mistaken for ours.
running_pid() {
  local name=$1 file pid pattern
  file=$(pidfile "$name")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  case $name in
    kafka) pattern="kafka.Kafka" ;;
    postgres) pattern="postgres" ;;
    mailpit) pattern="mailpit" ;;
    stripe-mock) pattern="stripe-mock" ;;
  esac
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern" || return 1
  echo "$pid"
}

is_running() { running_pid "$1" >/dev/null; }

component_ports() {
  case $1 in
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT $KAFKA_PLATFORM_PORT" ;;
    postgres) echo "$POSTGRES_PORT" ;;
    mailpit) echo "$MAILPIT_SMTP_PORT $MAILPIT_HTTP_PORT" ;;
    stripe-mock) echo "$STRIPE_MOCK_PORT" ;;
  esac
}

# Before launching: our ports must be free, otherwise something else owns them.
ensure_ports_free() {
  local name=$1 port
  for port in $(component_ports "$name"); do
    if port_open "$port"; then
      die "$name: port $HOST:$port is already in use by another process (another instance? set the *_PORT variables or stop it)"
    fi
  done
}

# A running component must be on the ports we were asked for.
check_running_ports() {
  local name=$1 recorded wanted
  recorded=$(cat "$RUN/$name.ports" 2>/dev/null || true)
  wanted=$(component_ports "$name")
  if [[ $name == kafka && $recorded == "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ]]; then
    log "kafka: running without the platform (SASL) listener (started by an older infra.sh); restart it to add one"
    return 0
  fi
  if [[ -n $recorded && $recorded != "$wanted" ]]; then
    die "$name is already running on port(s) $recorded but port(s) $wanted were requested; run '$0 stop' first"
  fi
}

# Fail before touching anything: running components must be on the requested ports and
# the ports of components still to be started must be free.
preflight_ports() {
  local name
  for name in "${COMPONENTS[@]}"; do
    if [[ $name == postgres ]]; then
      if pg_running; then check_running_ports postgres; else ensure_ports_free postgres; fi
    elif is_running "$name"; then
      check_running_ports "$name"
    else
      ensure_ports_free "$name"
    fi
  done
}

# wait_until NAME TIMEOUT CMD...: poll CMD until it succeeds; on timeout stop the component
# and show the tail of its log.
wait_until() {
  local name=$1 timeout=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! is_running "$name"; then
      fail_component "$name" "process exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      fail_component "$name" "not healthy after ${timeout}s"
    fi
    sleep 0.5
  done
}

fail_component() {
  local name=$1 reason=$2
  log "$name: $reason. Last lines of $LOGS/$name.log:"
  tail -n 40 "$LOGS/$name.log" 2>/dev/null | sed 's/^/    /' >&2 || true
  stop_component "$name" || true
  die "$name failed to start ($reason)"
}

# Logs are appended across restarts; keep one previous generation once they grow large.
rotate_log() {
  local file=$LOGS/$1.log
  if [[ -f $file ]] && (($(stat -c %s "$file") > 50 * 1024 * 1024)); then
    mv -f "$file" "$file.1"
  fi
}

# Launch a long-running process detached from the caller's session (so Ctrl-C in the
# calling terminal or the end of a test run's process group does not kill it) with
# stdin/stdout/stderr detached from the caller's pipes.
launch() {
  local name=$1 pid
  shift
  rotate_log "$name"
  echo "==== $(date -Is) starting: $*" >>"$LOGS/$name.log"
  setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$(pidfile "$name")"
  component_ports "$name" >"$RUN/$name.ports"
}

sha_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else return 1
  fi
}

# ---------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------

install_kafka() {
  local pom=$SCRIPT_DIR/kafka/pom.xml stamp=$CACHE/kafka/libs.stamp want tmp
  want=$(sha_of "$pom")
  if [[ -d $KAFKA_LIBS && -f $stamp && $(<"$stamp") == "$want" ]]; then return 0; fi
  command -v java >/dev/null || die "java not found (install a JDK >= 17, e.g. apt-get install -y openjdk-17-jre-headless)"
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  log "installing Kafka jars from Maven Central into $KAFKA_LIBS (about a minute)..."
  mkdir -p "$CACHE/kafka"
  tmp=$(mktemp -d "$CACHE/kafka/libs.tmp.XXXXXX")
  if ! mvn -q -B -f "$pom" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$CACHE/kafka/maven.log" 2>&1; then
    tail -n 40 "$CACHE/kafka/maven.log" >&2
    rm -rf "$tmp"
    die "Maven could not resolve the Kafka jars (see $CACHE/kafka/maven.log)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13 jar missing after Maven run"; }
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  echo "$want" >"$stamp"
  local jars=("$KAFKA_LIBS"/*.jar)
  log "Kafka jars installed (${#jars[@]} jars)"
}

install_go_tools() {
  local tools=$SCRIPT_DIR/tools stamp=$CACHE/bin/tools.stamp want go tool pkg
  want=$(sha_of "$tools/go.mod" "$tools/go.sum")
  if [[ -x $BIN/mailpit && -x $BIN/stripe-mock && -f $stamp && $(<"$stamp") == "$want" ]]; then return 0; fi
  go=$(find_go) || die "go not found (needed once to build mailpit and stripe-mock; see https://go.dev/dl)"
  mkdir -p "$BIN"
  for tool in mailpit stripe-mock; do
    case $tool in
      mailpit) pkg=github.com/axllent/mailpit ;;
      stripe-mock) pkg=github.com/stripe/stripe-mock ;;
    esac
    log "building $tool ($pkg, version pinned in deploy/local/tools/go.mod; first build ~1 min)..."
    if ! (cd "$tools" && GONOSUMDB=github.com/axllent/mailpit GOFLAGS="-mod=mod -buildvcs=false" \
          "$go" build -o "$BIN/$tool.tmp" "$pkg") >"$BIN/$tool.build.log" 2>&1; then
      tail -n 40 "$BIN/$tool.build.log" >&2
      die "building $tool failed (see $BIN/$tool.build.log)"
    fi
    mv "$BIN/$tool.tmp" "$BIN/$tool"
  done
  echo "$want" >"$stamp"
}

find_pg_bin() {
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [[ -n $dir && -x $dir/pg_ctl && -x $dir/initdb ]]; then echo "$dir"; return 0; fi
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  return 1
}

install_postgres() {
  if PG_BIN=$(find_pg_bin); then return 0; fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "PostgreSQL is not installed and we are not root: apt-get install -y postgresql"
    sudo=(sudo)
  fi
  log "installing PostgreSQL with apt-get (no default cluster is created)..."
  # Keep the Debian packages from creating and starting their own cluster on 5432.
  "${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.d/closeout.conf >/dev/null
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin) || die "PostgreSQL installed but pg_ctl/initdb not found under /usr/lib/postgresql/*/bin"
}

cmd_install() {
  lock_cache
  install_kafka
  install_go_tools
  install_postgres
  unlock_cache
  command -v curl >/dev/null || die "curl not found (apt-get install -y curl)"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# Postgres refuses to run as root: as root, run its tools as the postgres OS user.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_prepare_dirs() {
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR"
  touch "$LOGS/postgres.log"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (it comes with the postgresql package)"
    chown -R postgres: "$PG_DIR" "$LOGS/postgres.log"
    runuser -u postgres -- test -w "$PG_DIR" \
      || die "the postgres OS user cannot reach $PG_DIR (a parent directory is not world-executable); choose another CLOSEOUT_STATE_DIR"
  fi
  chmod 700 "$PG_DIR"
  # Unix socket paths are limited to ~107 bytes.
  if ((${#PG_SOCKET_DIR} > 90)); then
    die "state dir path too long for a Postgres unix socket ($PG_SOCKET_DIR); use a shorter CLOSEOUT_STATE_DIR"
  fi
}

pg_running() {
  [[ -f $PG_DATA/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_write_pidfile() {
  head -n 1 "$PG_DATA/postmaster.pid" >"$(pidfile postgres)"
  echo "$POSTGRES_PORT" >"$RUN/postgres.ports"
}

pg_healthy() { "$PG_BIN/pg_isready" -q -h "$HOST" -p "$POSTGRES_PORT" -U postgres -d postgres -t 2; }

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$POSTGRES_PORT" -U postgres -d postgres "$@"
}

pg_bootstrap_databases() {
  psql_admin <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
    CREATE ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SQL
  local db
  for db in "${DATABASES[@]}"; do
    psql_admin -c "SELECT 'CREATE DATABASE $db OWNER $DB_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')" -t -A \
      | psql_admin >/dev/null
  done
}

start_postgres() {
  if pg_running; then
    check_running_ports postgres
    pg_write_pidfile
    log "postgres: already running"
    return 0
  fi
  ensure_ports_free postgres
  rotate_log postgres
  pg_prepare_dirs
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    log "postgres: initdb $PG_DATA"
    rm -rf "$PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 \
      >>"$LOGS/postgres.log" 2>&1 || fail_init postgres "initdb failed"
  fi
  local opts="-p $POSTGRES_PORT -k $PG_SOCKET_DIR -c listen_addresses=$HOST -c max_connections=300"
  if [[ $CLOSEOUT_PG_FAST == 1 ]]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  log "postgres: starting on $HOST:$POSTGRES_PORT"
  # pg_ctl daemonises the postmaster (own session, output to the log file).
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -o "$opts" -w -t "$CLOSEOUT_START_TIMEOUT" start \
      </dev/null >/dev/null 2>&1 8>&- 9>&-; then
    fail_init postgres "pg_ctl start failed"
  fi
  pg_write_pidfile
}

finish_postgres() {
  wait_until postgres "$CLOSEOUT_START_TIMEOUT" pg_healthy
  pg_bootstrap_databases || fail_component postgres "creating role/databases failed"
}

fail_init() {
  log "$1: $2. Last lines of $LOGS/$1.log:"
  tail -n 40 "$LOGS/$1.log" 2>/dev/null | sed 's/^/    /' >&2 || true
  die "$1 failed to start ($2)"
}

stop_postgres() {
  if pg_running; then
    log "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  fi
  rm -f "$(pidfile postgres)" "$RUN/postgres.ports"
}

# ---------------------------------------------------------------------------
# Kafka (KRaft, broker + controller in one JVM)
# ---------------------------------------------------------------------------

# java + classpath + logging for Kafka's main classes (broker and StorageTool).
kafka_java_cmd() {
  local heap
  read -r -a heap <<<"$CLOSEOUT_KAFKA_HEAP_OPTS"
  KAFKA_JAVA=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_LIBS/*")
}

kafka_java() { kafka_java_cmd; "${KAFKA_JAVA[@]}" "$@"; }

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by deploy/local/infra.sh -- edits are overwritten on start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT,PLATFORM://$HOST:$KAFKA_PLATFORM_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT,PLATFORM://$HOST:$KAFKA_PLATFORM_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PLATFORM:SASL_PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER

# Field platforms authenticate on PLATFORM with SCRAM-SHA-256 (one principal per platform,
# created by closeout-jobs add-platform) and may do only what ACLs allow. The plaintext
# listeners are for the services on the private network: their principal, User:ANONYMOUS, is a
# super user.
listener.name.platform.sasl.enabled.mechanisms=SCRAM-SHA-256
listener.name.platform.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:ANONYMOUS
log.dirs=$KAFKA_DIR/data

# Single node: everything replicated once, so idempotent producers and transactions work.
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
delete.topic.enable=true
EOF
  cat >"$KAFKA_DIR/log4j.properties" <<'EOF'
# Generated by deploy/local/infra.sh
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.controller=INFO
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
EOF
}

kafka_format_storage() {
  [[ -f $KAFKA_DIR/data/meta.properties ]] && return 0
  if [[ ! -s $KAFKA_DIR/cluster.id ]]; then
    kafka_java kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -n 1 >"$KAFKA_DIR/cluster.id"
  fi
  log "kafka: formatting storage (cluster id $(<"$KAFKA_DIR/cluster.id"))"
  kafka_java kafka.tools.StorageTool format -t "$(<"$KAFKA_DIR/cluster.id")" \
    -c "$KAFKA_DIR/server.properties" --ignore-formatted >>"$LOGS/kafka.log" 2>&1 \
    || fail_init kafka "storage format failed"
}

kafka_healthy() {
  port_open "$KAFKA_PORT" || return 1
  if command -v python3 >/dev/null; then
    python3 "$SCRIPT_DIR/kafka_probe.py" "$HOST" "$KAFKA_PORT" --timeout 3
  else
    # No python3: the port is open; give the broker a moment to finish unfencing.
    sleep 2
  fi
}

start_kafka() {
  if is_running kafka; then
    check_running_ports kafka
    log "kafka: already running"
    return 0
  fi
  ensure_ports_free kafka
  command -v java >/dev/null || die "java not found"
  kafka_write_config
  kafka_format_storage
  log "kafka: starting on $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, platforms SASL $KAFKA_PLATFORM_PORT)"
  kafka_java_cmd
  raise_open_files_limit
  launch kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties"
}

# Kafka keeps several files open per partition; many short-lived test topics exceed the usual
# 20,000. Raise the limit for the broker where we may (root can raise the hard limit too).
raise_open_files_limit() {
  local want=262144
  ulimit -Hn "$want" 2>/dev/null || true
  ulimit -Sn "$want" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
}

# Kafka's shutdown (SIGTERM) is graceful and may take a few seconds.
stop_pid() {
  local name=$1 pid=$2 grace=$3
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name: did not exit ${grace}s after SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

stop_simple() {
  local name=$1 grace=$2 pid
  if pid=$(running_pid "$name"); then
    log "$name: stopping (pid $pid)"
    stop_pid "$name" "$pid" "$grace"
  fi
  rm -f "$(pidfile "$name")" "$RUN/$name.ports"
}

# ---------------------------------------------------------------------------
# Mailpit and stripe-mock
# ---------------------------------------------------------------------------

mailpit_healthy() { curl -fsS -m 2 "http://$HOST:$MAILPIT_HTTP_PORT/api/v1/info"; }

start_mailpit() {
  if is_running mailpit; then
    check_running_ports mailpit
    log "mailpit: already running"
    return 0
  fi
  ensure_ports_free mailpit
  mkdir -p "$MAILPIT_DIR"
  log "mailpit: starting (SMTP $HOST:$MAILPIT_SMTP_PORT, API http://$HOST:$MAILPIT_HTTP_PORT)"
  launch mailpit "$BIN/mailpit" \
    --smtp "$HOST:$MAILPIT_SMTP_PORT" \
    --listen "$HOST:$MAILPIT_HTTP_PORT" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --max 0 \
    --database "$MAILPIT_DIR/mailpit.db"
}

stripe_mock_healthy() {
  curl -fsS -m 2 -o /dev/null -H 'Authorization: Bearer sk_test_123' "http://$HOST:$STRIPE_MOCK_PORT/v1/customers"
}

start_stripe_mock() {
  if is_running stripe-mock; then
    check_running_ports stripe-mock
    log "stripe-mock: already running"
    return 0
  fi
  ensure_ports_free stripe-mock
  log "stripe-mock: starting on http://$HOST:$STRIPE_MOCK_PORT"
  # stripe-mock still opens HTTPS on the fixed port 12112 when only -http-addr is given,
  # which would clash between instances: park HTTPS on a kernel-chosen loopback port.
  # PORT from the caller's environment would also be picked up, so drop it.
  launch stripe-mock env -u PORT "$BIN/stripe-mock" \
    -http-addr "$HOST:$STRIPE_MOCK_PORT" -https-addr "$HOST:0"
}

# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------

# A broker started by an older infra.sh (recorded without the platform port) has no SASL
# listener: then say nothing rather than name a port where nobody listens.
platform_listener_line() {
  local recorded
  recorded=$(cat "$RUN/kafka.ports" 2>/dev/null || true)
  [[ $recorded == "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ]] && return 0
  echo "export KAFKA_PLATFORM_BOOTSTRAP_SERVERS=$HOST:$KAFKA_PLATFORM_PORT"
}

env_lines() {
  local pg_base="postgresql://$DB_ROLE:$DB_PASSWORD@$HOST:$POSTGRES_PORT"
  local asyncpg_base="postgresql+asyncpg://$DB_ROLE:$DB_PASSWORD@$HOST:$POSTGRES_PORT"
  cat <<EOF
export CLOSEOUT_STATE_DIR=$STATE
export KAFKA_BOOTSTRAP_SERVERS=$HOST:$KAFKA_PORT
$(platform_listener_line)
export POSTGRES_URL=$pg_base
export JOBS_DATABASE_URL=$asyncpg_base/closeout_jobs
export INVOICING_DATABASE_URL=$asyncpg_base/closeout_invoicing
export PAYMENTS_DATABASE_URL=$asyncpg_base/closeout_payments
export NOTIFICATIONS_DATABASE_URL=$asyncpg_base/closeout_notifications
export DASHBOARD_DATABASE_URL=$asyncpg_base/closeout_dashboard
export SMTP_HOST=$HOST
export SMTP_PORT=$MAILPIT_SMTP_PORT
export MAILPIT_API_URL=http://$HOST:$MAILPIT_HTTP_PORT
export STRIPE_API_BASE=http://$HOST:$STRIPE_MOCK_PORT
EOF
}

write_env_file() {
  env_lines >"$STATE/infra.env.tmp"
  mv "$STATE/infra.env.tmp" "$STATE/infra.env"
}

cmd_start() {
  local t0=$SECONDS
  cmd_install
  lock_state
  preflight_ports
  start_postgres
  start_kafka
  start_mailpit
  start_stripe_mock
  save_config
  finish_postgres
  wait_until mailpit "$CLOSEOUT_START_TIMEOUT" mailpit_healthy
  wait_until stripe-mock "$CLOSEOUT_START_TIMEOUT" stripe_mock_healthy
  wait_until kafka "$CLOSEOUT_START_TIMEOUT" kafka_healthy
  write_env_file
  cat <<EOF
Closeout local infrastructure is up ($((SECONDS - t0))s), state: $STATE
  kafka        $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), platforms $HOST:$KAFKA_PLATFORM_PORT (SASL SCRAM-SHA-256)
  postgres     $HOST:$POSTGRES_PORT  role $DB_ROLE/$DB_PASSWORD, dbs: ${DATABASES[*]}
  mailpit      smtp $HOST:$MAILPIT_SMTP_PORT, api http://$HOST:$MAILPIT_HTTP_PORT
  stripe-mock  http://$HOST:$STRIPE_MOCK_PORT
Environment:  source $STATE/infra.env   (or: eval "\$($0 env)")
EOF
}

stop_component() {
  case $1 in
    kafka) stop_simple kafka 90 ;;
    postgres) stop_postgres ;;
    mailpit) stop_simple mailpit 10 ;;
    stripe-mock) stop_simple stripe-mock 10 ;;
  esac
}

# Kafka alone, for tests that restart a private broker under a running relay.
cmd_kafka() {
  case ${1:-} in
    start)
      lock_cache; install_kafka; unlock_cache
      lock_state; start_kafka; save_config
      wait_until kafka "$CLOSEOUT_START_TIMEOUT" kafka_healthy ;;
    stop) lock_state; stop_component kafka ;;
    *) die "usage: $0 kafka {start|stop}" ;;
  esac
}

cmd_stop() {
  lock_state
  PG_BIN=$(find_pg_bin) || PG_BIN=
  local name
  for name in stripe-mock mailpit kafka; do stop_component "$name"; done
  if [[ -n $PG_BIN ]]; then stop_postgres; fi
  log "stopped (state kept in $STATE)"
}

component_up() {
  case $1 in
    postgres) [[ -n ${PG_BIN:-} ]] && pg_running && pg_healthy ;;
    kafka) is_running kafka && kafka_healthy ;;
    mailpit) is_running mailpit && mailpit_healthy ;;
    stripe-mock) is_running stripe-mock && stripe_mock_healthy ;;
  esac
}

component_address() {
  case $1 in
    postgres) echo "$HOST:$POSTGRES_PORT" ;;
    kafka) echo "$HOST:$KAFKA_PORT, platforms $HOST:$KAFKA_PLATFORM_PORT (SASL)" ;;
    mailpit) echo "smtp $HOST:$MAILPIT_SMTP_PORT, http://$HOST:$MAILPIT_HTTP_PORT" ;;
    stripe-mock) echo "http://$HOST:$STRIPE_MOCK_PORT" ;;
  esac
}

# Exit status 0 when everything is up, 3 otherwise.
cmd_status() {
  PG_BIN=$(find_pg_bin) || PG_BIN=
  local name pid all_up=0
  for name in "${COMPONENTS[@]}"; do
    if component_up "$name" >/dev/null 2>&1; then
      pid=$(cat "$(pidfile "$name")" 2>/dev/null || echo '?')
      printf '%-12s up    pid %-8s %s\n' "$name" "$pid" "$(component_address "$name")"
    else
      printf '%-12s down\n' "$name"
      all_up=3
    fi
  done
  return "$all_up"
}

cmd_env() {
  if [[ -f $STATE/infra.env ]]; then cat "$STATE/infra.env"; else env_lines; fi
}

cmd_reset() {
  cmd_stop
  lock_state
  log "deleting data in $STATE (installed jars/binaries in $CACHE are kept)"
  rm -rf "$KAFKA_DIR" "$PG_DIR" "$MAILPIT_DIR" "$LOGS" "$STATE/infra.env" "$STATE/config.env"
  rm -f "$RUN"/*.pid "$RUN"/*.ports
}

cmd_logs() {
  local name=${1:-}
  [[ -n $name ]] || die "usage: $0 logs {$(IFS='|'; echo "${COMPONENTS[*]}")}"
  [[ -f $LOGS/$name.log ]] || die "no log for '$name' in $LOGS"
  tail -n "${LINES_TO_SHOW:-100}" "$LOGS/$name.log"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-help}
  shift || true
  case $cmd in
    help | -h | --help) usage; return 0 ;;
  esac
  init_paths
  load_config
  case $cmd in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status ;;
    env) cmd_env ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    kafka) cmd_kafka "$@" ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
