#!/bin/bash
# Starts the node from its Release build, drives it end to end and prints events/s, node CPU µs and bytes allocated per event.
# usage: [REPO=checkout] [NODEENV="VAR=value ..."] [PERF=1] bench/run-node.sh LABEL SECONDS CONCURRENCY EVENTS_PER_REQUEST
# Needs `dotnet build -c Release bench` in that checkout. The node gets a 15 s warm-up; the clock stops when every
# ingested event is processed (floworleans_events_total = floworleans_ingested_events_total). PERF=1 records perf of the node.
set -u
cd "${REPO:-$(dirname "$0")/..}"
PORT=$((20000 + RANDOM % 20000)); DATA=/tmp/flow-prof-$1; rm -rf $DATA
env DOTNET_PerfMapEnabled=${PERF:-0} DOTNET_EnableWriteXorExecute=0 ${NODEENV:-} dotnet client-api/bin/Release/net10.0/FlowOrleans.ClientApi.dll --urls http://127.0.0.1:$PORT --data-dir $DATA --contentRoot $PWD/client-api > /tmp/node-$1.log 2>&1 &
NODE=$!
for i in $(seq 300); do curl -sf http://127.0.0.1:$PORT/health/ready >/dev/null && break; sleep 0.2; done
m() { curl -s http://127.0.0.1:$PORT/metrics | awk -v n="$1" '$1==n {print $2}'; }
# warm-up 15 s
dotnet bench/bin/Release/net10.0/FlowOrleans.Bench.dll ingest-url http://127.0.0.1:$PORT 15 $3 $4 > /dev/null 2>&1
for i in $(seq 600); do [ "$(m floworleans_events_total)" == "$(m floworleans_ingested_events_total)" ] && break; sleep 0.1; done
C0=$(m floworleans_process_cpu_seconds_total); A0=$(m floworleans_process_allocated_bytes_total); I0=$(m floworleans_ingested_events_total)
T0=$(date +%s.%N)
dotnet bench/bin/Release/net10.0/FlowOrleans.Bench.dll ingest-url http://127.0.0.1:$PORT $2 $3 $4 > /tmp/bench-$1.txt 2>&1 &
B=$!
if [ "${PERF:-0}" == 1 ]; then sleep $(( $2 / 3 )); perf record -F 999 -g -p $NODE -o /tmp/perf-$1.data -- sleep $(( $2 / 2 )) > /dev/null 2>&1; fi
wait $B
for i in $(seq 1200); do [ "$(m floworleans_events_total)" == "$(m floworleans_ingested_events_total)" ] && break; sleep 0.05; done
T1=$(date +%s.%N)
C1=$(m floworleans_process_cpu_seconds_total); A1=$(m floworleans_process_allocated_bytes_total); I1=$(m floworleans_ingested_events_total)
kill $NODE; wait $NODE 2>/dev/null
grep durable /tmp/bench-$1.txt
python3 -c "
n=float('$I1')-float('$I0'); t=float('$T1')-float('$T0')
print(f'$1: {n:,.0f} events, end to end {n/t:,.0f} events/s, node CPU {(float(\"$C1\")-float(\"$C0\"))*1e6/n:.2f} us/event, {(float(\"$A1\")-float(\"$A0\"))/n:.0f} B/event')"
rm -rf $DATA
