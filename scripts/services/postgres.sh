#!/usr/bin/env bash
# Start/stop a throwaway PostgreSQL cluster for the test suite.
#   postgres.sh start   -> writes postgres://postgres@127.0.0.1:PORT/ehch to $STATE_DIR/url
#   postgres.sh stop    -> stops the cluster and deletes its folder
# State dir: $PG_STATE_DIR, default <repo>/.cache/services/postgres.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE_DIR="${PG_STATE_DIR:-$CACHE_ROOT/services/postgres}"
DATA_DIR="$STATE_DIR/data"
DB_NAME="ehch"

# Newest /usr/lib/postgresql/<ver>/bin, or empty.
find_pg_bin() {
    local candidates=() d
    shopt -s nullglob
    for d in /usr/lib/postgresql/*/bin/initdb; do candidates+=("$(dirname "$d")"); done
    shopt -u nullglob
    ((${#candidates[@]})) || return 0
    printf '%s\n' "${candidates[@]}" | sort -V | tail -n1
}

# A fresh CI image may lack PostgreSQL: install it from Debian.
ensure_pg_bin() {
    PG_BIN="$(find_pg_bin)"
    if [[ -z "$PG_BIN" ]]; then
        [[ $EUID -eq 0 ]] || die "PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb); install it: sudo apt-get install -y postgresql"
        log "PostgreSQL not found; installing it with apt-get ..."
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq && apt-get install -y -qq postgresql; } >&2; then
            die "PostgreSQL not found and 'apt-get install -y postgresql' failed"
        fi
        PG_BIN="$(find_pg_bin)"
        [[ -n "$PG_BIN" ]] || die "PostgreSQL still missing after apt-get install postgresql"
    fi
    PG_VERSION="$(basename "$(dirname "$PG_BIN")")"
}

pg_stop() {
    # Only try pg_ctl if a cluster was ever started from this state dir.
    if [[ -f "$DATA_DIR/postmaster.pid" ]]; then
        ensure_pg_bin
        as_svc "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE_DIR"
}

pg_start() {
    ensure_pg_bin
    ensure_cache_root
    ensure_svc_user
    # Re-runnable: tear down whatever a previous run left behind.
    pg_stop

    mkdir -p "$DATA_DIR" "$STATE_DIR/run"
    chmod 700 "$DATA_DIR"
    chown_svc "$STATE_DIR"

    local port
    port="$(free_port)"
    log "starting PostgreSQL $PG_VERSION on 127.0.0.1:$port ..."

    as_svc "$PG_BIN/initdb" -D "$DATA_DIR" --auth=trust -U postgres \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$STATE_DIR/initdb.log" 2>&1 \
        || { cat "$STATE_DIR/initdb.log" >&2; die "PostgreSQL initdb failed"; }

    # Throwaway data: trade durability for speed; TCP on loopback only.
    cat >>"$DATA_DIR/postgresql.conf" <<EOF

# --- throwaway test cluster (scripts/services/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$STATE_DIR/run'
fsync = off
full_page_writes = off
synchronous_commit = off
EOF

    if ! as_svc "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$STATE_DIR/postgres.log" -w -t 60 start >/dev/null; then
        tail -n 50 "$STATE_DIR/postgres.log" >&2 || true
        die "PostgreSQL did not start (log above: $STATE_DIR/postgres.log)"
    fi

    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME" \
        || die "could not create database $DB_NAME"

    printf 'postgres://postgres@127.0.0.1:%s/%s\n' "$port" "$DB_NAME" >"$STATE_DIR/url"
}

# Restart the running cluster in place (same port, same data): the failure
# drill in tests/drills uses it to cut connections in the middle of a write.
pg_restart() {
    [[ -f "$DATA_DIR/postmaster.pid" ]] || die "no PostgreSQL running in $STATE_DIR"
    ensure_pg_bin
    as_svc "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$STATE_DIR/postgres.log" -m immediate \
        -w -t 60 restart >/dev/null || die "PostgreSQL did not restart"
}

case "${1:-}" in
    start) pg_start ;;
    stop) pg_stop ;;
    restart) pg_restart ;;
    *) die "usage: $0 start|stop|restart" ;;
esac
