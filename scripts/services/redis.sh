#!/usr/bin/env bash
# Start/stop a throwaway Redis server for the test suite.
#   redis.sh start   -> writes redis://127.0.0.1:PORT/0 to $STATE_DIR/url
#   redis.sh stop    -> stops the server and deletes its folder
#   redis.sh restart -> stops the running server and starts a fresh one on the
#                       same port, REDIS_DOWN_SECONDS later (default 0): the
#                       cluster drill's Redis restart
# State dir: $REDIS_STATE_DIR, default <repo>/.cache/services/redis.
# Debian's redis-server (`make redis` installs it); nothing is kept on disk.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE_DIR="${REDIS_STATE_DIR:-$CACHE_ROOT/services/redis}"
PID_FILE="$STATE_DIR/redis.pid"
READY_TIMEOUT="${REDIS_READY_TIMEOUT:-20}"

ensure_redis_bin() {
    command -v redis-server >/dev/null \
        || die "redis-server not found; install Debian's: make redis (or apt-get install -y redis-server, as root)"
}

# PONG from the server on PORT, using only bash's /dev/tcp (no redis-cli needed).
# A subshell, so the descriptor closes with it.
redis_ping() (
    local port=$1 reply=""
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 2 reply <&3 || true
    [[ "$reply" == "+PONG"* ]]
)

redis_stop() {
    stop_pid_file "$PID_FILE" 10
    rm -rf "$STATE_DIR"
}

redis_start() {
    ensure_redis_bin
    ensure_cache_root
    ensure_svc_user
    # Re-runnable: tear down whatever a previous run left behind.
    redis_stop

    mkdir -p "$STATE_DIR"
    chown_svc "$STATE_DIR"

    redis_launch "$(free_port)"
}

# Start redis-server on PORT and wait for its PONG; write the URL.
redis_launch() {
    local port=$1 started
    log "starting Redis $(redis-server --version | awk '{print $3}' | sed 's/^v=//') on 127.0.0.1:$port ..."
    # Throwaway: loopback only, no snapshots or append-only file.
    as_svc redis-server --bind 127.0.0.1 --port "$port" --daemonize yes \
        --pidfile "$PID_FILE" --logfile "$STATE_DIR/redis.log" --dir "$STATE_DIR" \
        --save "" --appendonly no --protected-mode yes \
        || die "Redis did not start (see $STATE_DIR/redis.log)"

    started=$SECONDS
    until redis_ping "$port"; do
        if ((SECONDS - started > READY_TIMEOUT)); then
            tail -n 30 "$STATE_DIR/redis.log" >&2 || true
            die "Redis not answering after ${READY_TIMEOUT}s (log above: $STATE_DIR/redis.log)"
        fi
        sleep 0.1
    done
    printf 'redis://127.0.0.1:%s/0\n' "$port" >"$STATE_DIR/url"
}

# Same port, empty memory: clients keep their CACHE_URL and see a real restart.
redis_restart() {
    [[ -f "$STATE_DIR/url" ]] || die "no Redis running in $STATE_DIR"
    local port
    port="$(sed -n 's|^redis://127.0.0.1:\([0-9]*\)/.*|\1|p' "$STATE_DIR/url")"
    [[ -n "$port" ]] || die "cannot read the port from $STATE_DIR/url"
    ensure_redis_bin
    stop_pid_file "$PID_FILE" 10
    sleep "${REDIS_DOWN_SECONDS:-0}"
    redis_launch "$port"
}

case "${1:-}" in
    start) redis_start ;;
    stop) redis_stop ;;
    restart) redis_restart ;;
    *) die "usage: $0 start|stop|restart" ;;
esac
