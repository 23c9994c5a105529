#!/usr/bin/env bash
# The load and search benchmark behind `make bench`. Run it under
# scripts/services/with-services.sh, which exports DATABASE_URL and
# ELASTICSEARCH_URL for a throwaway PostgreSQL and Elasticsearch.
#
# For each size (the 15 demo case studies, then 10,000 case studies with
# 100,000 forum posts and 5,000 statements) it serves the site with gunicorn on
# 127.0.0.1 with production settings, warms it up, and drives a mixed
# read/write workload from a second process (locust, headless, time-bounded).
# It counts SQL queries per page, checks every write arrived, times the search
# service on both engines, and writes bench-results/bench.json and bench.md.
#
# Knobs: BENCH_SECONDS (load per size, default 35), BENCH_USERS (default 8:
# 6 readers and 2 writers), BENCH_WORKERS (gunicorn, default 3),
# BENCH_RESULTS (default bench-results).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
PY="$REPO/.venv/bin/python"
BIN="$REPO/.venv/bin"
BENCH="$REPO/scripts/bench"
RESULTS="${BENCH_RESULTS:-$REPO/bench-results}"
RAW="$RESULTS/raw"
SECONDS_PER_SIZE="${BENCH_SECONDS:-35}"
USERS="${BENCH_USERS:-8}"
WORKERS="${BENCH_WORKERS:-3}"

: "${DATABASE_URL:?run me under scripts/services/with-services.sh}"
: "${ELASTICSEARCH_URL:?run me under scripts/services/with-services.sh}"

log() { printf '\n==> %s\n' "$*" >&2; }

WORK="$(mktemp -d -t ehch-bench.XXXXXX)"
GUNICORN_PID=""
cleanup() {
    if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Production settings, as a deployment behind a TLS proxy would run them, with
# the loopback differences spelt out: no HTTPS redirect, and limits high
# enough for one address to write once a second for the whole run.
export DJANGO_SETTINGS_MODULE=ehch.settings.production
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false
export DEBUG=false
export EHCH_VAR_DIR="$WORK/var"
export ELASTICSEARCH_INDEX_PREFIX=bench
export LOG_LEVEL=WARNING
export VOICES_SHARE_RATE_LIMIT=1000000
export FORUM_POST_RATE_COUNT=1000000

rm -rf "$RAW"
mkdir -p "$RAW"
PHASES="$RAW/phases.tsv"

# phase NAME CMD...: run CMD and record how long it took.
phase() {
    local name="$1"
    shift
    log "$name"
    local started=$SECONDS
    "$@"
    printf '%s\t%s\n' "$name" "$((SECONDS - started))" >>"$PHASES"
}

manage() { "$PY" manage.py "$@"; }

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

setup_site() {
    manage migrate --no-input -v0
    manage load_demo
    manage collectstatic --no-input -v0
    "$PY" "$BENCH/prepare.py" "$RAW/plan.json"
}

grow_content() {
    manage generate_casestudies --count 10000 --seed 1
    manage generate_forum_posts --count 100000 --topics 2000 --seed 1
    manage generate_statements --count 5000 --seed 1
}

start_server() {
    PORT="$(free_port)"
    "$BIN/gunicorn" ehch.wsgi:application \
        --workers "$WORKERS" --bind "127.0.0.1:$PORT" --pythonpath site \
        --error-logfile "$RAW/gunicorn-$1.log" --log-level warning &
    GUNICORN_PID=$!
    for _ in $(seq 1 60); do
        if curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
            return 0
        fi
        sleep 0.5
    done
    echo "gunicorn did not answer on port $PORT" >&2
    return 1
}

stop_server() {
    kill "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=""
}

warm_up() {
    # Every worker imports its code, opens its connections and the page cache
    # fills: ten rounds of every read page.
    local urls
    urls="$("$PY" -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["reads"].values()))' "$RAW/plan.json")"
    for _ in $(seq 1 10); do
        while IFS= read -r url; do
            curl -fs -o /dev/null "http://127.0.0.1:$PORT$url"
        done <<<"$urls"
    done
}

drive_load() {
    BENCH_PLAN="$RAW/plan.json" BENCH_OUT="$RAW/load-$1.json" \
        BENCH_MARKER="bench-$1-$(date +%s)" \
        "$BIN/locust" -f "$BENCH/locustfile.py" --headless \
        --users "$USERS" --spawn-rate "$USERS" --run-time "${SECONDS_PER_SIZE}s" \
        --host "http://127.0.0.1:$PORT" --stop-timeout 5 \
        --only-summary --loglevel WARNING >"$RAW/locust-$1.txt" 2>&1
}

measure_size() {
    local size="$1"
    phase "SQL per page at $size" "$PY" "$BENCH/queries.py" "$RAW/plan.json" "$RAW/queries-$size.json"
    phase "serve and warm up at $size" start_server "$size"
    warm_up
    phase "load at $size (${SECONDS_PER_SIZE} s)" drive_load "$size"
    stop_server
    phase "check writes at $size" "$PY" "$BENCH/verify_writes.py" "$RAW/load-$size.json" "$RAW/writes-$size.json"
}

search_latency() {
    "$PY" "$BENCH/search_bench.py" latency "$1" "$RAW/search-$1.json" >/dev/null
}

STARTED=$SECONDS
phase "migrate, demo content, static files" setup_site
phase "search latency at 15" search_latency 15
measure_size 15
phase "1,000 case studies" manage generate_casestudies --count 1000 --seed 1
phase "search latency at 1,000" search_latency 1000
phase "grow to 10,000 / 100,000 / 5,000" grow_content
phase "search latency at 10,000" search_latency 10000
phase "search_index --rebuild" "$PY" "$BENCH/search_bench.py" rebuild "$RAW/rebuild.json"
measure_size 10000
printf '%s\t%s\n' "total (run.sh)" "$((SECONDS - STARTED))" >>"$PHASES"

"$PY" "$BENCH/report.py" "$RESULTS"
