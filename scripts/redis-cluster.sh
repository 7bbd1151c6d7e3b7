#!/usr/bin/env bash
# Start (or reuse) a three-master Redis Cluster on free local ports, data in a temp dir; print its URL.
#   url=$(bash scripts/redis-cluster.sh)          # e.g. redis+cluster://127.0.0.1:7001
#   bash scripts/redis-cluster.sh stop            # shut it down and remove its data
# Idempotent: a cluster this script started and that still answers is reused, not started twice.
set -euo pipefail

DIR="${MODERATION_CLUSTER_DIR:-${TMPDIR:-/tmp}/moderation-redis-cluster}"
PORTS_FILE="$DIR/ports"

stop() {
  if [ -f "$PORTS_FILE" ]; then
    for port in $(cat "$PORTS_FILE"); do
      redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$DIR"
}

if [ "${1:-}" = "stop" ]; then
  stop
  exit 0
fi

if [ -f "$PORTS_FILE" ]; then
  first=$(head -n1 "$PORTS_FILE" | cut -d' ' -f1)
  if redis-cli -h 127.0.0.1 -p "$first" cluster info 2>/dev/null | grep -q "cluster_state:ok"; then
    echo "redis+cluster://127.0.0.1:$first"
    exit 0
  fi
  stop  # a stale or half-started cluster: start again from nothing
fi

mkdir -p "$DIR"
# Three free ports, each with its cluster bus port (+10000) free too.
ports=$(python3 - <<'PY'
import socket
chosen = []
while len(chosen) < 3:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if port + 10000 > 65535 or port in chosen:
        continue
    try:
        with socket.socket() as bus:
            bus.bind(("127.0.0.1", port + 10000))
    except OSError:
        continue
    chosen.append(port)
print(" ".join(map(str, chosen)))
PY
)
echo "$ports" > "$PORTS_FILE"
for port in $ports; do
  mkdir -p "$DIR/$port"
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$DIR/$port/nodes.conf" \
    --cluster-node-timeout 2000 --dir "$DIR/$port" --save "" --appendonly no --daemonize yes \
    --logfile "$DIR/$port/redis.log" --pidfile "$DIR/$port/redis.pid"
done
for port in $ports; do
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
done
nodes=""
for port in $ports; do nodes="$nodes 127.0.0.1:$port"; done
# shellcheck disable=SC2086  # one argument per node
redis-cli --cluster create $nodes --cluster-replicas 0 --cluster-yes >"$DIR/create.log" 2>&1
first=$(echo "$ports" | cut -d' ' -f1)
for _ in $(seq 1 100); do
  redis-cli -h 127.0.0.1 -p "$first" cluster info | grep -q "cluster_state:ok" && break
  sleep 0.1
done
echo "redis+cluster://127.0.0.1:$first"
