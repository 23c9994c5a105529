#!/usr/bin/env bash
# Start/stop a throwaway single-node Elasticsearch for the test suite.
#   elasticsearch.sh start  -> writes http://127.0.0.1:PORT to $STATE_DIR/url
#   elasticsearch.sh stop   -> stops the node and deletes its folder
#   elasticsearch.sh dist   -> fetches the distribution if needed and prints
#                              "ES_HOME JAVA_HOME" (the cluster drill's nodes)
# State dir: $ES_STATE_DIR, default <repo>/.cache/services/elasticsearch.
# The distribution (Maven Central integ-test-zip) is cached in <repo>/.cache/elasticsearch.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=versions.env
source "$SERVICES_DIR/versions.env"

STATE_DIR="${ES_STATE_DIR:-$CACHE_ROOT/services/elasticsearch}"
PID_FILE="$STATE_DIR/es.pid"
DIST_DIR="$CACHE_ROOT/elasticsearch"
ES_HOME="$DIST_DIR/elasticsearch-$ES_VERSION"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
READY_TIMEOUT=120
STOP_TIMEOUT=30

# This distribution bundles no JDK: find a Java >= 17 for ES_JAVA_HOME.
find_es_java_home() {
    find_java_home Elasticsearch ES_JAVA_HOME
    JAVA_HOME_FOR_ES="$JAVA_HOME_FOUND"
}

# Download (Maven) and unpack the distribution once into the git-ignored cache.
ensure_distribution() {
    [[ -x "$ES_HOME/bin/elasticsearch" ]] && return 0
    local zip="$DIST_DIR/elasticsearch-$ES_VERSION.zip"
    [[ -f "$zip" ]] || maven_fetch Elasticsearch "$ES_ARTIFACT" "$DIST_DIR"
    command -v unzip >/dev/null || die "Elasticsearch did not start: unzip not found; install unzip"
    log "unpacking Elasticsearch $ES_VERSION into $DIST_DIR ..."
    # Unpack beside the target and rename, so an interrupted unzip never looks complete.
    local tmp
    tmp="$(mktemp -d "$DIST_DIR/unpack.XXXXXX")"
    unzip -q "$zip" -d "$tmp"
    rm -rf "$ES_HOME"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
}

es_stop() {
    stop_pid_file "$PID_FILE" "$STOP_TIMEOUT"
    rm -rf "$STATE_DIR"
}

es_start() {
    find_es_java_home
    ensure_distribution
    ensure_svc_user
    # Re-runnable: tear down whatever a previous run left behind.
    es_stop

    # Fresh config copy: ES writes its keystore into the config dir on first start.
    mkdir -p "$STATE_DIR"/{data,logs,tmp}
    cp -r "$ES_HOME/config" "$STATE_DIR/config"
    chown_svc "$ES_HOME" "$STATE_DIR"

    local http_port transport_port
    http_port="$(free_port)"
    transport_port="$(free_port)"
    while [[ "$transport_port" == "$http_port" ]]; do transport_port="$(free_port)"; done
    log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$http_port ..."

    local started=$SECONDS
    # Loopback-only network keeps ES in dev mode (no production bootstrap checks).
    if ! as_svc env \
        ES_JAVA_HOME="$JAVA_HOME_FOR_ES" \
        ES_PATH_CONF="$STATE_DIR/config" \
        ES_TMPDIR="$STATE_DIR/tmp" \
        ES_JAVA_OPTS="-Xms512m -Xmx512m" \
        "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
        -E cluster.name=ehch-test \
        -E node.name=ehch-test \
        -E discovery.type=single-node \
        -E network.host=127.0.0.1 \
        -E http.port="$http_port" \
        -E transport.port="$transport_port" \
        -E path.data="$STATE_DIR/data" \
        -E path.logs="$STATE_DIR/logs" \
        -E xpack.security.enabled=false \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        -E action.destructive_requires_name=false \
        >"$STATE_DIR/startup.log" 2>&1; then
        cat "$STATE_DIR/startup.log" >&2
        tail -n 50 "$STATE_DIR/logs/ehch-test.log" >&2 2>/dev/null || true
        die "Elasticsearch did not start (see $STATE_DIR/logs)"
    fi

    local url="http://127.0.0.1:$http_port"
    until curl -fsS -o /dev/null "$url/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; do
        if ((SECONDS - started >= READY_TIMEOUT)); then
            tail -n 50 "$STATE_DIR/logs/ehch-test.log" >&2 2>/dev/null || true
            die "Elasticsearch not healthy after ${READY_TIMEOUT}s (log above: $STATE_DIR/logs/ehch-test.log)"
        fi
        sleep 1
    done
    log "Elasticsearch ready in $((SECONDS - started))s"
    printf '%s\n' "$url" >"$STATE_DIR/url"
}

case "${1:-}" in
    start) es_start ;;
    stop) es_stop ;;
    dist)
        find_es_java_home
        ensure_distribution
        printf '%s %s\n' "$ES_HOME" "$JAVA_HOME_FOR_ES"
        ;;
    *) die "usage: $0 start|stop|dist" ;;
esac
