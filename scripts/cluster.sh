#!/usr/bin/env bash
# A local FlowOrleans cluster without Docker: Azurite (npm) + N silo processes + one client-api gateway.
#   scripts/cluster.sh up [--silos N] [--port P] [--partitions N] [--no-build] [--configuration C] [--owner PID]
#                                                                   build once (Release), start everything, wait until ready;
#                                                                   with --owner, `down` runs by itself once process PID is gone
#   scripts/cluster.sh kill-silo I                                  kill -9 silo I (1..N); the others take over its partitions
#   scripts/cluster.sh status                                       what runs, where it logs, whether the gateway is ready
#   scripts/cluster.sh down                                         stop everything `up` started
# Everything lives in .cluster/ (or $CLUSTER_DIR): pids, logs, ports, Azurite's data. The gateway listens on
# http://127.0.0.1:8080 by default. --no-build runs what is already built in silo/bin/C and client-api/bin/C
# (C: --configuration, default Release), as the process-level tests do after building them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${CLUSTER_DIR:-$root/.cluster}
silos=3
port=8080
partitions=4
build=1
configuration=Release
owner=
ready_timeout=${CLUSTER_READY_TIMEOUT:-120}

usage() { echo "usage: $0 up [--silos N] [--port P] [--partitions N] [--no-build] [--configuration C] [--owner PID] | kill-silo I | status | down" >&2; exit 2; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # a free port below the ephemeral range, so no outgoing connection or port-0 listener takes it meanwhile
  local p low=32768
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  [ "$low" -gt 12000 ] || low=32768
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (low - 10000)))
    if port_free "$p" && ! grep -qx "$p" "$dir/ports.used" 2>/dev/null; then echo "$p" >>"$dir/ports.used"; echo "$p"; return 0; fi
  done
  echo "error: no free loopback port found" >&2; exit 1
}
number() { [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || { echo "error: $1 must be $3-$4, was '$2'" >&2; exit 2; }; }

stop_pid() { # stop_pid <pidfile> <name>: TERM, then KILL after 15 s
  local file=$1 name=$2 pid
  if alive "$file"; then
    pid=$(cat "$file"); kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.2
    done
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

up() {
  if alive "$dir/gateway.pid" || compgen -G "$dir/silo-*.pid" >/dev/null; then
    echo "a cluster is already up (see: $0 status); run $0 down first" >&2; exit 1
  fi
  number --silos "$silos" 1 16; number --port "$port" 1 65535; number --partitions "$partitions" 1 256
  [[ $configuration =~ ^[A-Za-z]+$ ]] || { echo "error: --configuration must be a name like Release or Debug, was '$configuration'" >&2; exit 2; }
  if ! port_free "$port"; then echo "error: port $port is in use; pass --port P" >&2; exit 1; fi
  command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is required" >&2; exit 1; }
  mkdir -p "$dir"; rm -f "$dir/ports.used" "$dir"/*.log
  if [ -n "$owner" ]; then
    # A test host that is killed cannot run `down`: a watchdog does once the owner is gone (checked every 2 s).
    number --owner "$owner" 1 4194304
    kill -0 "$owner" 2>/dev/null || { echo "error: --owner $owner is not a running process" >&2; exit 2; }
    CLUSTER_DIR="$dir" nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; exec bash "$2" down' watchdog "$owner" "$root/scripts/cluster.sh" >"$dir/watchdog.log" 2>&1 &
    echo $! >"$dir/watchdog.pid"
  fi

  local silo_dll=silo/bin/$configuration/net10.0/FlowOrleans.Silo.dll gateway_dll=client-api/bin/$configuration/net10.0/FlowOrleans.ClientApi.dll
  if [ $build = 1 ]; then
    echo "==> building the silo and the gateway ($configuration, once)"
    dotnet build silo/FlowOrleans.Silo.csproj -c "$configuration" -nologo -v q -clp:ErrorsOnly >"$dir/build.log" 2>&1 \
      && dotnet build client-api/FlowOrleans.ClientApi.csproj -c "$configuration" -nologo -v q -clp:ErrorsOnly >>"$dir/build.log" 2>&1 \
      || { echo "error: build failed; see $dir/build.log" >&2; tail -20 "$dir/build.log" >&2; exit 1; }
  fi
  for f in "$silo_dll" "$gateway_dll"; do
    [ -f "$f" ] || { echo "error: $f is missing; build it or run without --no-build" >&2; exit 1; }
  done

  echo "==> starting azurite"
  local azurite_port; azurite_port=$(free_port)
  AZURITE_DIR="$dir/azurite" bash scripts/azurite.sh start --port "$azurite_port" | sed 's/^/    /'
  local cs; cs=$(AZURITE_DIR="$dir/azurite" bash scripts/azurite.sh connection-string)
  echo "$cs" >"$dir/connection-string"

  local i silo_port gateway_port
  for i in $(seq 1 "$silos"); do
    silo_port=$(free_port); gateway_port=$(free_port)
    nohup dotnet "$silo_dll" --name "silo-$i" --silo-port "$silo_port" --gateway-port "$gateway_port" \
      --connection-string "$cs" --partitions "$partitions" >"$dir/silo-$i.log" 2>&1 &
    echo $! >"$dir/silo-$i.pid"
    echo "$silo_port $gateway_port" >"$dir/silo-$i.ports"
    echo "==> silo-$i: pid $(cat "$dir/silo-$i.pid"), silo port $silo_port, gateway port $gateway_port, log $dir/silo-$i.log"
  done

  nohup dotnet "$gateway_dll" --urls "http://127.0.0.1:$port" --partitions "$partitions" \
    --Flow:Cluster:ConnectionString="$cs" \
    --contentRoot "$root/client-api" >"$dir/gateway.log" 2>&1 &
  echo $! >"$dir/gateway.pid"
  echo "$port" >"$dir/gateway.port"
  echo "==> gateway: pid $(cat "$dir/gateway.pid"), http://127.0.0.1:$port, log $dir/gateway.log"

  echo -n "==> waiting for http://127.0.0.1:$port/health/ready (up to ${ready_timeout}s)"
  local deadline=$((SECONDS + ready_timeout))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    for f in "$dir"/silo-*.pid "$dir/gateway.pid"; do
      if ! alive "$f"; then echo; echo "error: $(basename "$f" .pid) exited; its log:" >&2; tail -30 "${f%.pid}.log" >&2; exit 1; fi
    done
    if [ $SECONDS -ge $deadline ]; then echo; echo "error: not ready within ${ready_timeout}s; see the logs above ($0 down stops it)" >&2; exit 1; fi
    echo -n "."; sleep 1
  done
  echo " ready"
  echo "cluster up: $silos silos, gateway http://127.0.0.1:$port (try: curl -s http://127.0.0.1:$port/dashboard/cluster)"
  echo "kill a silo with: $0 kill-silo 2    stop everything with: $0 down"
}

kill_silo() {
  local i=$1 file=$dir/silo-$1.pid
  number "silo index" "$i" 1 64
  if ! alive "$file"; then echo "error: silo-$i is not running (see: $0 status)" >&2; exit 1; fi
  kill -9 "$(cat "$file")"
  echo "killed silo-$i (kill -9, pid $(cat "$file")); the other silos find it dead within 10 s and resume its partitions from their checkpoints"
  rm -f "$file"
}

status() {
  local any=0 f name
  if AZURITE_DIR="$dir/azurite" bash scripts/azurite.sh status >/dev/null 2>&1; then
    echo "azurite: $(AZURITE_DIR="$dir/azurite" bash scripts/azurite.sh status), log $dir/azurite/azurite.log"; any=1
  fi
  for f in "$dir"/silo-*.ports; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .ports); any=1
    if alive "$dir/$name.pid"; then echo "$name: running (pid $(cat "$dir/$name.pid"), ports $(cat "$f")), log $dir/$name.log"
    else echo "$name: not running, log $dir/$name.log"; fi
  done
  if [ -f "$dir/gateway.port" ]; then
    any=1
    local gp; gp=$(cat "$dir/gateway.port")
    if alive "$dir/gateway.pid"; then
      local ready=no; curl -sf -o /dev/null "http://127.0.0.1:$gp/health/ready" && ready=yes
      echo "gateway: running (pid $(cat "$dir/gateway.pid")), http://127.0.0.1:$gp, ready: $ready, log $dir/gateway.log"
    else echo "gateway: not running, log $dir/gateway.log"; fi
  fi
  [ $any = 1 ] || { echo "no cluster is up (start one: $0 up --silos 3)"; exit 1; }
}

down() {
  # The watchdog's own `down` (it execs into it) keeps its pid file, so it does not stop itself.
  if [ -f "$dir/watchdog.pid" ] && [ "$(cat "$dir/watchdog.pid")" != "$$" ]; then kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true; fi
  rm -f "$dir/watchdog.pid"
  stop_pid "$dir/gateway.pid" gateway
  for f in "$dir"/silo-*.pid; do [ -e "$f" ] && stop_pid "$f" "$(basename "$f" .pid)"; done
  AZURITE_DIR="$dir/azurite" bash scripts/azurite.sh stop 2>/dev/null | sed 's/^/    /' || true
  rm -f "$dir"/*.ports "$dir/gateway.port" "$dir/ports.used"
  echo "cluster down (logs stay in $dir)"
}

cmd=${1:-}; shift || true
case $cmd in
  up)
    while [ $# -gt 0 ]; do
      case $1 in
        --silos) silos=${2:-}; shift 2 ;;
        --port) port=${2:-}; shift 2 ;;
        --partitions) partitions=${2:-}; shift 2 ;;
        --no-build) build=0; shift ;;
        --configuration) configuration=${2:-}; shift 2 ;;
        --owner) owner=${2:-}; shift 2 ;;
        *) usage ;;
      esac
    done
    up ;;
  kill-silo) [ $# -eq 1 ] || usage; kill_silo "$1" ;;
  status) status ;;
  down) down ;;
  *) usage ;;
esac
