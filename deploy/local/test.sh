#!/usr/bin/env bash
# Run the whole test suite against real infrastructure.
# Uses the services the environment names (KAFKA_BOOTSTRAP_SERVERS + POSTGRES_URL, ...);
# otherwise starts a private instance on free ports in .local/test and stops it afterwards.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"

if [[ -z ${KAFKA_BOOTSTRAP_SERVERS:-} || -z ${POSTGRES_URL:-} ]]; then
  export CLOSEOUT_STATE_DIR=$REPO/.local/test CLOSEOUT_PG_FAST=1
  if ! bash deploy/local/infra.sh status >/dev/null 2>&1; then
    # Test data is disposable: start clean, so topics and databases from earlier runs never
    # pile up (thousands of leftover partitions exhaust the broker's file handles).
    bash deploy/local/infra.sh reset >/dev/null 2>&1 || true
    eval "$(python3 deploy/local/free_ports.py)"
  fi
  bash deploy/local/infra.sh start
  trap 'bash deploy/local/infra.sh stop' EXIT
  # shellcheck disable=SC1091
  source "$CLOSEOUT_STATE_DIR/infra.env"
fi

# The customer page is also tested in a real Chromium, which Playwright drives: use the
# machine's browser, installing Debian's when there is none.
have_chromium() {
  [[ -n ${CHROMIUM_PATH:-} ]] && return 0
  local name
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$name" >/dev/null && return 0
  done
  return 1
}
if ! have_chromium; then
  echo "[test] installing Chromium with apt-get (for the customer-page browser tests)"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Every test isolates itself with its own topic prefix: one partition each keeps the broker's
# metadata (and heap) small across hundreds of short-lived topics.
export KAFKA_TOPIC_PARTITIONS=${KAFKA_TOPIC_PARTITIONS:-1}
${UV:-uv} run --frozen pytest --durations=15 "$@"
