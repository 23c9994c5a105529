#!/usr/bin/env bash
# Start/stop a throwaway Keycloak (OpenID Connect provider) for the test suite.
#   keycloak.sh start -> writes http://127.0.0.1:PORT to $STATE_DIR/url; the
#                        test realm is http://127.0.0.1:PORT/realms/ehch-test
#   keycloak.sh stop  -> stops the server and deletes its folder
# State dir: $KEYCLOAK_STATE_DIR, default <repo>/.cache/services/keycloak.
# Keycloak's server distribution (Java 21+; the newest JDK under /usr/lib/jvm,
# or $KEYCLOAK_JAVA_HOME) in dev mode on a loopback port, its database in
# memory, with the realm, clients and users of keycloak/ehch-test-realm.json
# imported at every start. The distribution comes from Maven Central once,
# checked against the SHA-256 in versions.env, and is kept in <repo>/.cache.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=versions.env
source "$SERVICES_DIR/versions.env"

STATE_DIR="${KEYCLOAK_STATE_DIR:-$CACHE_ROOT/services/keycloak}"
PID_FILE="$STATE_DIR/keycloak.pid"
DIST_DIR="$CACHE_ROOT/keycloak"
ARCHIVE="$DIST_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
HOME_DIR="$DIST_DIR/keycloak-$KEYCLOAK_VERSION"
ARTIFACT="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz"
REALM_FILE="$SERVICES_DIR/keycloak/ehch-test-realm.json"
READY_TIMEOUT="${KEYCLOAK_READY_TIMEOUT:-240}"

# Download with Maven once; refuse the archive unless its SHA-256 matches the pin.
ensure_dist() {
    [[ -x "$HOME_DIR/bin/kc.sh" ]] && return 0
    [[ -f "$ARCHIVE" ]] || maven_fetch Keycloak "$ARTIFACT" "$DIST_DIR"
    local actual
    actual="$(sha256sum "$ARCHIVE" | awk '{print $1}')"
    if [[ "$actual" != "$KEYCLOAK_SHA256" ]]; then
        rm -f "$ARCHIVE"
        die "Keycloak did not start: $ARCHIVE has SHA-256 $actual, expected $KEYCLOAK_SHA256 (deleted; run again to fetch it anew)"
    fi
    tar -xzf "$ARCHIVE" -C "$DIST_DIR" || die "Keycloak did not start: could not unpack $ARCHIVE"
}

keycloak_stop() {
    stop_pid_file "$PID_FILE" 20
    rm -rf "$STATE_DIR"
}

keycloak_start() {
    find_java_home Keycloak KEYCLOAK_JAVA_HOME 21
    ensure_cache_root
    ensure_dist
    # Re-runnable: tear down whatever a previous run left behind.
    keycloak_stop

    mkdir -p "$STATE_DIR" "$HOME_DIR/data/import"
    cp "$REALM_FILE" "$HOME_DIR/data/import/"
    local port management_port
    port="$(free_port)"
    management_port="$(free_port)"
    log "starting Keycloak $KEYCLOAK_VERSION (Java $(java_major "$JAVA_HOME_FOUND")) on 127.0.0.1:$port ..."
    # The admin account exists only for people looking into a failed run; the
    # server listens on loopback and its database lives in memory.
    JAVA_HOME="$JAVA_HOME_FOUND" \
        KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
        JAVA_OPTS_KC_HEAP="-Xms64m -Xmx384m" \
        "$HOME_DIR/bin/kc.sh" start-dev --import-realm --db dev-mem \
        --http-host 127.0.0.1 --http-port "$port" \
        --http-management-port "$management_port" \
        --hostname-strict false --log-level warn,org.keycloak.services:info \
        >"$STATE_DIR/keycloak.log" 2>&1 &
    echo $! >"$PID_FILE"

    local started=$SECONDS
    until curl -sf -o /dev/null "http://127.0.0.1:$port/realms/ehch-test/.well-known/openid-configuration"; do
        if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            tail -n 30 "$STATE_DIR/keycloak.log" >&2 || true
            die "Keycloak exited (log above: $STATE_DIR/keycloak.log)"
        fi
        if ((SECONDS - started > READY_TIMEOUT)); then
            tail -n 30 "$STATE_DIR/keycloak.log" >&2 || true
            die "Keycloak not answering after ${READY_TIMEOUT}s (log above: $STATE_DIR/keycloak.log)"
        fi
        sleep 0.5
    done
    log "Keycloak ready in $((SECONDS - started))s"
    printf 'http://127.0.0.1:%s\n' "$port" >"$STATE_DIR/url"
}

case "${1:-}" in
    start) keycloak_start ;;
    stop) keycloak_stop ;;
    *) die "usage: $0 start|stop" ;;
esac
