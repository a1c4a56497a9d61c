#!/usr/bin/env bash
# Runs Azurite's table service (from npm, no Docker) for a local FlowOrleans cluster.
#   scripts/azurite.sh start [--port P]   start it in the background (default port 10002, or $AZURITE_TABLE_PORT)
#   scripts/azurite.sh stop               stop the instance this script started
#   scripts/azurite.sh status             say whether it runs, and where
#   scripts/azurite.sh connection-string  print the connection string for the running instance
# Data and logs live in $AZURITE_DIR (default .cluster/azurite). Tests do not use this script: they start
# their own Azurite on a free port (tests/FlowOrleans.AzureStorage.Tests/Infrastructure/AzuriteFixture.cs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${AZURITE_DIR:-$root/.cluster/azurite}
port=${AZURITE_TABLE_PORT:-10002}
bin=$root/.tools/azurite/node_modules/.bin/azurite-table
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

running_pid() {
  [ -f "$dir/azurite.pid" ] || return 1
  local pid; pid=$(cat "$dir/azurite.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$(cat "$dir/azurite.port")/devstoreaccount1;"
}

start() {
  if pid=$(running_pid); then
    echo "azurite already runs (pid $pid, port $(cat "$dir/azurite.port"))"; connection_string; return 0
  fi
  if ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    echo "error: --port must be 1-65535, was '$port'" >&2; exit 2
  fi
  if [ ! -x "$bin" ]; then
    echo "azurite is not installed yet; running scripts/install-prereqs.sh"
    bash scripts/install-prereqs.sh
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is already in use; pass --port P or set AZURITE_TABLE_PORT" >&2; exit 1
  fi
  mkdir -p "$dir/data"
  nohup "$bin" --silent --location "$dir/data" --tableHost 127.0.0.1 --tablePort "$port" --skipApiVersionCheck \
    >"$dir/azurite.log" 2>&1 &
  echo $! >"$dir/azurite.pid"
  echo "$port" >"$dir/azurite.port"
  local deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$port/devstoreaccount1/Tables"; do
    if ! running_pid >/dev/null; then echo "error: azurite exited; see $dir/azurite.log" >&2; cat "$dir/azurite.log" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then
      echo "error: azurite did not answer on port $port within 30 s; see $dir/azurite.log" >&2; stop >/dev/null; exit 1
    fi
    sleep 0.2
  done
  echo "azurite table service on http://127.0.0.1:$port (pid $(cat "$dir/azurite.pid"), log $dir/azurite.log)"
  connection_string
}

stop() {
  if pid=$(running_pid); then
    kill "$pid"
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.1
    done
    echo "azurite stopped (pid $pid)"
  else
    echo "azurite is not running"
  fi
  rm -f "$dir/azurite.pid"
}

cmd=${1:-}; shift || true
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case $cmd in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then echo "azurite runs (pid $pid, port $(cat "$dir/azurite.port"))"; else echo "azurite is not running"; exit 1; fi ;;
  connection-string) running_pid >/dev/null || { echo "azurite is not running" >&2; exit 1; }; connection_string ;;
  *) echo "usage: $0 start [--port P] | stop | status | connection-string" >&2; exit 2 ;;
esac
