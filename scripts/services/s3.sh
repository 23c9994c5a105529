#!/usr/bin/env bash
# Start/stop a throwaway S3-compatible object store for the test suite.
#   s3.sh start -> writes http://127.0.0.1:PORT to $STATE_DIR/url and the
#                  access key and secret to $STATE_DIR/credentials
#   s3.sh stop  -> stops the server and deletes its folder (and every object)
# State dir: $S3_STATE_DIR, default <repo>/.cache/services/s3.
# S3Proxy (Apache-licensed, Java 17) with its filesystem backend: a real S3 HTTP
# API with AWS signatures, so django-storages and boto3 are exercised end to
# end. The jar comes from Maven Central once and is cached in <repo>/.cache/s3proxy.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=versions.env
source "$SERVICES_DIR/versions.env"

STATE_DIR="${S3_STATE_DIR:-$CACHE_ROOT/services/s3}"
PID_FILE="$STATE_DIR/s3proxy.pid"
DIST_DIR="$CACHE_ROOT/s3proxy"
JAR="$DIST_DIR/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
ARTIFACT="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies"
READY_TIMEOUT="${S3_READY_TIMEOUT:-60}"
# Throwaway credentials: the server listens on loopback only.
IDENTITY=ehch-test
CREDENTIAL=ehch-test-secret

# Download the jar with Maven once; refuse it unless its SHA-256 matches the pin.
ensure_jar() {
    [[ -f "$JAR" ]] || maven_fetch S3Proxy "$ARTIFACT" "$DIST_DIR"
    local actual
    actual="$(sha256sum "$JAR" | awk '{print $1}')"
    if [[ "$actual" != "$S3PROXY_SHA256" ]]; then
        rm -f "$JAR"
        die "S3Proxy did not start: $JAR has SHA-256 $actual, expected $S3PROXY_SHA256 (deleted; run again to fetch it anew)"
    fi
}

s3_stop() {
    stop_pid_file "$PID_FILE" 10
    rm -rf "$STATE_DIR"
}

s3_start() {
    find_java_home S3Proxy S3PROXY_JAVA_HOME
    ensure_jar
    # Re-runnable: tear down whatever a previous run left behind.
    s3_stop

    mkdir -p "$STATE_DIR/data"
    local port
    port="$(free_port)"
    cat >"$STATE_DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$IDENTITY
s3proxy.credential=$CREDENTIAL
jclouds.provider=filesystem
jclouds.filesystem.basedir=$STATE_DIR/data
CONF
    log "starting S3Proxy $S3PROXY_VERSION on 127.0.0.1:$port ..."
    # Runs as the caller (S3Proxy, unlike PostgreSQL, does not refuse root), so
    # $! is the server itself and `stop` ends it.
    "$JAVA_HOME_FOUND/bin/java" -Xmx256m -jar "$JAR" --properties "$STATE_DIR/s3proxy.conf" \
        >"$STATE_DIR/s3proxy.log" 2>&1 &
    echo $! >"$PID_FILE"

    local started=$SECONDS code
    # Any HTTP answer means it listens (403 without a signature is the usual one).
    until code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2>/dev/null)" \
        && [[ "$code" != "000" ]]; do
        if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            tail -n 30 "$STATE_DIR/s3proxy.log" >&2 || true
            die "S3Proxy exited (log above: $STATE_DIR/s3proxy.log)"
        fi
        if ((SECONDS - started > READY_TIMEOUT)); then
            tail -n 30 "$STATE_DIR/s3proxy.log" >&2 || true
            die "S3Proxy not answering after ${READY_TIMEOUT}s (log above: $STATE_DIR/s3proxy.log)"
        fi
        sleep 0.2
    done
    log "S3Proxy ready in $((SECONDS - started))s"
    printf '%s %s\n' "$IDENTITY" "$CREDENTIAL" >"$STATE_DIR/credentials"
    printf 'http://127.0.0.1:%s\n' "$port" >"$STATE_DIR/url"
}

case "${1:-}" in
    start) s3_start ;;
    stop) s3_stop ;;
    *) die "usage: $0 start|stop" ;;
esac
