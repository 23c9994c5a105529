#!/usr/bin/env bash
# A three-node Elasticsearch cluster on loopback, for the cluster drill.
#   es_cluster.sh start     -> three nodes (discovery.seed_hosts, initial masters);
#                              writes their URLs, comma-separated, to $ES_CLUSTER_DIR/urls
#   es_cluster.sh kill N    -> kill -9 node N (1-3), as a crashed machine would
#   es_cluster.sh revive N  -> start node N again on its ports and its data
#   es_cluster.sh master    -> the number of the elected master node
#   es_cluster.sh stop      -> stop every node and delete the cluster's folder
# The distribution is the one scripts/services/elasticsearch.sh runs for the
# tests (versions.env). Heap per node: ES_DRILL_HEAP (default 384m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../services/lib.sh
source "$HERE/../services/lib.sh"

STATE="${ES_CLUSTER_DIR:?set ES_CLUSTER_DIR to the cluster drill folder}"
HEAP="${ES_DRILL_HEAP:-384m}"
NODES=(1 2 3)
READY_TIMEOUT=180

node_dir() { printf '%s/node%s' "$STATE" "$1"; }
http_port() { sed -n "s/^$1 \([0-9]*\) .*/\1/p" "$STATE/ports"; }
transport_port() { sed -n "s/^$1 [0-9]* \([0-9]*\)$/\1/p" "$STATE/ports"; }

distribution() {
    read -r ES_HOME JAVA_HOME_FOR_ES < <("$SERVICES_DIR/elasticsearch.sh" dist)
    [[ -x "$ES_HOME/bin/elasticsearch" ]] || die "no Elasticsearch distribution (see messages above)"
}

seeds() {
    local n out=()
    for n in "${NODES[@]}"; do out+=("127.0.0.1:$(transport_port "$n")"); done
    (IFS=,; printf '%s' "${out[*]}")
}

# Start node N in the background of the ES launcher (-d returns once started).
launch_node() {
    local n=$1 dir
    dir="$(node_dir "$n")"
    as_svc env \
        ES_JAVA_HOME="$JAVA_HOME_FOR_ES" \
        ES_PATH_CONF="$dir/config" \
        ES_TMPDIR="$dir/tmp" \
        ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
        "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid" \
        -E cluster.name=ehch-drill \
        -E node.name="drill-es$n" \
        -E network.host=127.0.0.1 \
        -E http.port="$(http_port "$n")" \
        -E transport.port="$(transport_port "$n")" \
        -E discovery.seed_hosts="$(seeds)" \
        -E cluster.initial_master_nodes=drill-es1,drill-es2,drill-es3 \
        -E path.data="$dir/data" \
        -E path.logs="$dir/logs" \
        -E xpack.security.enabled=false \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        -E action.destructive_requires_name=false \
        >"$dir/startup.log" 2>&1 \
        || { cat "$dir/startup.log" >&2; die "Elasticsearch node $n did not start (see $dir/logs)"; }
}

url_of() { printf 'http://127.0.0.1:%s' "$(http_port "$1")"; }

# Wait until some live node reports WANT nodes and at least yellow.
wait_for_nodes() {
    local want=$1 started=$SECONDS n
    while ((SECONDS - started < READY_TIMEOUT)); do
        for n in "${NODES[@]}"; do
            if curl -fsS -o /dev/null \
                "$(url_of "$n")/_cluster/health?wait_for_nodes=$want&wait_for_status=yellow&timeout=1s" 2>/dev/null; then
                return 0
            fi
        done
        sleep 1
    done
    for n in "${NODES[@]}"; do tail -n 20 "$(node_dir "$n")/logs/ehch-drill.log" >&2 2>/dev/null || true; done
    die "the Elasticsearch cluster did not reach $want nodes in ${READY_TIMEOUT}s"
}

cluster_start() {
    distribution
    ensure_svc_user
    cluster_stop
    mkdir -p "$STATE"
    : >"$STATE/ports"
    local n h t used=" "
    for n in "${NODES[@]}"; do
        h="$(free_port)"; while [[ "$used" == *" $h "* ]]; do h="$(free_port)"; done; used+="$h "
        t="$(free_port)"; while [[ "$used" == *" $t "* ]]; do t="$(free_port)"; done; used+="$t "
        printf '%s %s %s\n' "$n" "$h" "$t" >>"$STATE/ports"
        mkdir -p "$(node_dir "$n")"/{data,logs,tmp}
        cp -r "$ES_HOME/config" "$(node_dir "$n")/config"
    done
    chown_svc "$ES_HOME" "$STATE"
    log "starting a three-node Elasticsearch cluster (heap $HEAP each) ..."
    local started=$SECONDS pids=()
    # In parallel: each node waits for a quorum of masters before it counts as started.
    for n in "${NODES[@]}"; do launch_node "$n" & pids+=($!); done
    for n in "${pids[@]}"; do wait "$n" || die "an Elasticsearch node did not start"; done
    wait_for_nodes 3
    log "Elasticsearch cluster of 3 ready in $((SECONDS - started))s"
    local urls=()
    for n in "${NODES[@]}"; do urls+=("$(url_of "$n")"); done
    (IFS=,; printf '%s\n' "${urls[*]}") >"$STATE/urls"
}

cluster_kill() {
    local pid_file
    pid_file="$(node_dir "$1")/es.pid"
    [[ -f "$pid_file" ]] || die "node $1 is not running"
    kill -9 "$(cat "$pid_file")"
    rm -f "$pid_file"
}

cluster_revive() {
    distribution
    launch_node "$1"
    wait_for_nodes 3
}

cluster_master() {
    local n name
    for n in "${NODES[@]}"; do
        name="$(curl -fsS "$(url_of "$n")/_cat/master?h=node" 2>/dev/null)" || continue
        printf '%s\n' "${name#drill-es}" | tr -d '[:space:]'
        return 0
    done
    die "no Elasticsearch node answered"
}

cluster_stop() {
    local n
    if [[ -f "$STATE/ports" ]]; then
        for n in "${NODES[@]}"; do stop_pid_file "$(node_dir "$n")/es.pid" 30; done
    fi
    rm -rf "$STATE"
}

case "${1:-}" in
    start) cluster_start ;;
    kill) cluster_kill "${2:?node number}" ;;
    revive) cluster_revive "${2:?node number}" ;;
    master) cluster_master ;;
    stop) cluster_stop ;;
    *) die "usage: $0 start|kill N|revive N|master|stop" ;;
esac
