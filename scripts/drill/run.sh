#!/usr/bin/env bash
# The cluster drill behind `make cluster-drill` (issue 18 item 9).
#
# On loopback: PostgreSQL, a three-node Elasticsearch cluster, Redis, two
# application "hosts" (gunicorn with deploy/gunicorn.conf.py, one db_worker
# each), HAProxy with deploy/haproxy/haproxy.cfg in front, a mail sink for the
# site's SMTP, and a scheduler loop standing in for the systemd timers. The
# benchmark's locust workload runs through HAProxy while the drill stops an app
# server, kills an Elasticsearch node with SIGKILL, restarts Redis, and brings
# each back. Then it checks every write arrived, the search index caught up,
# and a digest run on both hosts at once was sent once.
#
# Results: bench-results/cluster-drill.{json,md}; logs in .cache/drill/.
# Knobs: DRILL_PHASE_SECONDS (default 45), DRILL_USERS (locust users, default 6:
# 4 readers, 2 writers), DRILL_WORKERS (gunicorn workers per host, default 2),
# DRILL_REDIS_DOWN_SECONDS (default 10), DRILL_RESULTS (default bench-results).
# Needs root (as `make test`): PostgreSQL and Elasticsearch run as ehch-svc,
# HAProxy drops to its own user.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
# shellcheck source=../services/lib.sh
source "$REPO/scripts/services/lib.sh"

PY="$REPO/.venv/bin/python"
BIN="$REPO/.venv/bin"
DRILL="$REPO/scripts/drill"
SERVICES="$REPO/scripts/services"
WORK="$REPO/.cache/drill"
RESULTS="${DRILL_RESULTS:-$REPO/bench-results}"
PHASE_SECONDS="${DRILL_PHASE_SECONDS:-45}"
USERS="${DRILL_USERS:-6}"
WORKERS="${DRILL_WORKERS:-2}"
REDIS_DOWN_SECONDS="${DRILL_REDIS_DOWN_SECONDS:-10}"

[[ $EUID -eq 0 ]] || die "the cluster drill runs as root (HAProxy chroots; PostgreSQL and Elasticsearch run as $SVC_USER)"
command -v haproxy >/dev/null || die "haproxy not found: make haproxy (apt-get install haproxy)"
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
[[ -x "$BIN/locust" ]] || die "locust not found in .venv: make cluster-drill installs it"

STARTED=$SECONDS
say() { printf '\n==> [%3ss] %s\n' "$((SECONDS - STARTED))" "$*" >&2; }

ensure_cache_root
rm -rf "$WORK"
mkdir -p "$WORK"/{logs,host1,host2} "$RESULTS"
export PG_STATE_DIR="$WORK/postgres"
export REDIS_STATE_DIR="$WORK/redis"
export ES_CLUSTER_DIR="$WORK/elasticsearch"

# pid of every process the drill started, by name, so cleanup stops each one.
declare -A PIDS=()
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    local rc=$? name
    trap - EXIT INT TERM
    say "stopping everything the drill started"
    # An Elasticsearch start still going is waited for, not killed: its nodes
    # daemonize, and only once they have written their pid files can
    # es_cluster.sh stop find them.
    for name in "${!PIDS[@]}"; do
        [[ "$name" == es_* ]] || kill "${PIDS[$name]}" 2>/dev/null || true
    done
    for name in "${!PIDS[@]}"; do
        wait "${PIDS[$name]}" 2>/dev/null || true
    done
    "$DRILL/es_cluster.sh" stop || log "warning: stopping Elasticsearch failed"
    "$SERVICES/redis.sh" stop || log "warning: stopping Redis failed"
    "$SERVICES/postgres.sh" stop || log "warning: stopping PostgreSQL failed"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# wait_http URL SECONDS [curl options]: until URL answers 2xx.
wait_http() {
    local url=$1 limit=$2 started=$SECONDS
    shift 2
    until curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; do
        ((SECONDS - started < limit)) || return 1
        sleep 0.5
    done
}

say "starting PostgreSQL, Redis and (meanwhile) a three-node Elasticsearch cluster"
"$DRILL/es_cluster.sh" start >"$WORK/logs/es-start.log" 2>&1 &
PIDS[es_start]=$!
"$SERVICES/postgres.sh" start
"$SERVICES/redis.sh" start

# Production settings on loopback, as scripts/bench/run.sh runs them, behind
# HAProxy (which is the TLS proxy here: X-Forwarded-Proto https).
export DJANGO_SETTINGS_MODULE=ehch.settings.production
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export DATABASE_URL="$(cat "$PG_STATE_DIR/url")"
export CACHE_URL="$(cat "$REDIS_STATE_DIR/url")"
export ELASTICSEARCH_INDEX_PREFIX=drill
export TRUSTED_PROXIES=127.0.0.1
# As deploy/ehch.env.example: shared parts never take every server out at once.
export READYZ_OPTIONAL=cache,search,tasks
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false
export DEBUG=false
export LOG_LEVEL=WARNING
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export VOICES_SHARE_RATE_LIMIT=1000000
export FORUM_POST_RATE_COUNT=1000000
LB_PORT="$(port)"
export SITE_URL="https://127.0.0.1:$LB_PORT"
MAIL_PORT="$(port)"
export EMAIL_HOST=127.0.0.1 EMAIL_PORT="$MAIL_PORT"
export VOICES_SAFEGUARDING_EMAILS=safeguarding@example.invalid

# host N CMD...: run CMD as application host N would (its own var folder).
# Background processes are started as simple commands instead (VAR=... cmd &),
# so that $! is the process itself and cleanup can stop it.
host() {
    local n=$1
    shift
    EHCH_VAR_DIR="$WORK/host$n/var" "$@"
}
manage() { host 1 "$PY" manage.py "$@"; }

say "migrate and collect static files while Elasticsearch starts"
# Neither touches the search index; without ELASTICSEARCH_URL they do not wait for it.
ELASTICSEARCH_URL="" manage migrate --no-input -v0
ELASTICSEARCH_URL="" manage collectstatic --no-input -v0
wait "${PIDS[es_start]}" || { cat "$WORK/logs/es-start.log" >&2; die "Elasticsearch did not start"; }
unset 'PIDS[es_start]'
export ELASTICSEARCH_URL="$(cat "$ES_CLUSTER_DIR/urls")"
log "DATABASE_URL=$DATABASE_URL CACHE_URL=$CACHE_URL ELASTICSEARCH_URL=$ELASTICSEARCH_URL"

say "demo content (indexed in Elasticsearch), the workload's plan"
manage load_demo >"$WORK/logs/load_demo.log" 2>&1
host 1 "$PY" scripts/bench/prepare.py "$WORK/plan.json" >/dev/null
host 1 "$PY" "$DRILL/checks.py" subscriber >"$WORK/logs/subscriber.json"

say "mail sink, two app servers, two workers, the scheduler, HAProxy"
"$PY" "$DRILL/mail_sink.py" "$MAIL_PORT" "$WORK/mail.jsonl" 2>"$WORK/logs/mail.log" &
PIDS[mail]=$!

APP_PORT1="$(port)"
APP_PORT2="$(port)"
start_app() {
    local n=$1 p
    p="APP_PORT$n"
    EHCH_VAR_DIR="$WORK/host$n/var" GUNICORN_BIND="127.0.0.1:${!p}" GUNICORN_WORKERS="$WORKERS" \
        "$BIN/gunicorn" --config deploy/gunicorn.conf.py \
        >>"$WORK/logs/gunicorn-$n.log" 2>&1 &
    PIDS[app$n]=$!
    wait_http "http://127.0.0.1:${!p}/healthz" 60 || die "app server $n did not answer (see $WORK/logs/gunicorn-$n.log)"
}
start_app 1
start_app 2
for n in 1 2; do
    EHCH_VAR_DIR="$WORK/host$n/var" "$PY" manage.py db_worker --no-reload --worker-id "drill-host$n" \
        >>"$WORK/logs/worker-$n.log" 2>&1 &
    PIDS[worker$n]=$!
done

# The timers' stand-in: the search sync every 30 s instead of 5 minutes,
# alternating hosts (the other timers have nothing to do in a drill).
scheduler() {
    local n=1
    while sleep 30; do
        host "$n" "$PY" manage.py search_index --sync --verbosity 0 \
            >>"$WORK/logs/scheduler.log" 2>&1 || echo "search_index --sync failed on host $n" >>"$WORK/logs/scheduler.log"
        n=$((3 - n))
    done
}
scheduler &
PIDS[scheduler]=$!

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
cat "$WORK/tls.crt" "$WORK/tls.key" >"$WORK/tls.pem"
# The deploy/ configuration itself, with loopback addresses.
EHCH_HTTP_BIND="127.0.0.1:$(port)" EHCH_HTTPS_BIND="127.0.0.1:$LB_PORT" \
    EHCH_TLS_CERT="$WORK/tls.pem" EHCH_APP1="127.0.0.1:$APP_PORT1" \
    EHCH_APP2="127.0.0.1:$APP_PORT2" EHCH_APP_MAXCONN="$WORKERS" EHCH_SITE_HOST=127.0.0.1 \
    EHCH_HAPROXY_LOG=stdout EHCH_HAPROXY_SOCKET="$WORK/haproxy.sock" \
    haproxy -db -f deploy/haproxy/haproxy.cfg >"$WORK/logs/haproxy.log" 2>&1 &
PIDS[haproxy]=$!
LB="https://127.0.0.1:$LB_PORT"
wait_http "$LB/readyz" 30 -k || die "HAProxy did not answer (see $WORK/logs/haproxy.log)"

# HAProxy's `show stat` (CSV) from its admin socket.
haproxy_stat() {
    "$PY" - "$WORK/haproxy.sock" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
print(data.decode(), end="")
PYEOF
}
# How many app servers HAProxy has in rotation (field 18 is the status).
servers_up() { haproxy_stat | awk -F, '$1 == "ehch_app" && $2 ~ /^app/ && $18 == "UP"' | wc -l; }
started=$SECONDS
until [[ "$(servers_up)" == 2 ]]; do
    ((SECONDS - started < 30)) || die "HAProxy did not see both app servers ready (see $WORK/logs/haproxy.log)"
    sleep 0.5
done

say "warming up both servers"
"$PY" -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["reads"].values()))' "$WORK/plan.json" >"$WORK/reads.txt"
for _ in 1 2 3 4 5 6; do
    while IFS= read -r url; do curl -fsk -o /dev/null "$LB$url" || true; done <"$WORK/reads.txt"
done

PHASES=(baseline "app server 2 stopped" "app server 2 back" "Elasticsearch node killed"
    "Elasticsearch node back" "Redis restarted" settle)
say "load through HAProxy: ${#PHASES[@]} phases of ${PHASE_SECONDS}s, $USERS users"
BENCH_PLAN="$WORK/plan.json" BENCH_OUT="$WORK/load.json" BENCH_TIMELINE="$WORK/timeline.jsonl" \
    BENCH_MARKER="drill-$(date +%s)" BENCH_TLS_VERIFY=0 \
    "$BIN/locust" -f scripts/bench/locustfile.py --headless \
    --users "$USERS" --spawn-rate "$USERS" --run-time 1h \
    --host "$LB" --stop-timeout 5 --only-summary --loglevel WARNING \
    >"$WORK/logs/locust.txt" 2>&1 &
PIDS[locust]=$!
sleep 2
# A load that never started would make every phase below meaningless.
kill -0 "${PIDS[locust]}" 2>/dev/null || die "locust did not start: $(tail -3 "$WORK/logs/locust.txt")"

# phase NAME NOTE: the phase starts now (unix time), for report.py to cut by.
PHASE_START=0
phase() {
    PHASE_START=$SECONDS
    printf '%s\t%s\t%s\n' "$("$PY" -c 'import time; print(time.time())')" "$1" "$2" >>"$WORK/phases.tsv"
    say "phase: $1${2:+ ($2)}"
}
# The rest of the phase's time.
rest() {
    local left=$((PHASE_SECONDS - (SECONDS - PHASE_START)))
    ((left > 0)) && sleep "$left"
    return 0
}

phase baseline ""
rest

phase "app server 2 stopped" "SIGTERM to gunicorn; HAProxy's /readyz check takes it out"
kill -TERM "${PIDS[app2]}"
wait "${PIDS[app2]}" 2>/dev/null || true
unset 'PIDS[app2]'
rest

phase "app server 2 back" "gunicorn started again; in after two good checks"
start_app 2
rest

MASTER="$("$DRILL/es_cluster.sh" master)"
phase "Elasticsearch node killed" "kill -9 of node $MASTER, the elected master"
"$DRILL/es_cluster.sh" kill "$MASTER"
rest

phase "Elasticsearch node back" "node $MASTER started on its data; rejoins"
# In the background: a JVM start on a busy machine can outlast the phase.
"$DRILL/es_cluster.sh" revive "$MASTER" >"$WORK/logs/es-revive.log" 2>&1 &
PIDS[es_revive]=$!
rest

phase "Redis restarted" "stopped, ${REDIS_DOWN_SECONDS}s down, started empty on its port"
REDIS_DOWN_SECONDS="$REDIS_DOWN_SECONDS" "$SERVICES/redis.sh" restart
rest

phase settle ""
rest

say "stopping the load (locust writes its measurements on TERM)"
kill -TERM "${PIDS[locust]}"
wait "${PIDS[locust]}" || log "locust exited with $? (errors during the run; see $WORK/logs/locust.txt)"
unset 'PIDS[locust]'
[[ -f "$WORK/load.json" && -f "$WORK/timeline.jsonl" ]] || die "locust wrote no measurements (see $WORK/logs/locust.txt)"
haproxy_stat >"$WORK/haproxy-stat.csv"
printf '%s\t%s\t%s\n' "$("$PY" -c 'import time; print(time.time())')" end "" >>"$WORK/phases.tsv"

say "after the load: writes, the search index, jobs once"
wait "${PIDS[es_revive]}" || die "Elasticsearch node $MASTER did not come back (see $WORK/logs/es-revive.log)"
unset 'PIDS[es_revive]'
host 1 "$PY" scripts/bench/verify_writes.py "$WORK/load.json" "$WORK/writes.json" >/dev/null
host 1 "$PY" "$DRILL/checks.py" drain 120 "$WORK/drain.json" >/dev/null
# One scheduled sync (as the 5-minute timer would run), then compare.
manage search_index --sync --verbosity 0
host 1 "$PY" "$DRILL/checks.py" search "$WORK/search.json" >/dev/null

# JOBS ONCE (issue 18 item 3, branch wt-jobs): the digest's timer fires on both
# app hosts at the same moment. Passes once every periodic command holds its
# cluster-wide lock and records what it sent; until then this row fails.
EHCH_VAR_DIR="$WORK/host1/var" "$PY" manage.py forum_digest >"$WORK/logs/digest-1.log" 2>&1 &
d1=$!
EHCH_VAR_DIR="$WORK/host2/var" "$PY" manage.py forum_digest >"$WORK/logs/digest-2.log" 2>&1 &
d2=$!
wait "$d1" || log "forum_digest on host 1 failed (see $WORK/logs/digest-1.log)"
wait "$d2" || log "forum_digest on host 2 failed (see $WORK/logs/digest-2.log)"
host 1 "$PY" "$DRILL/checks.py" drain 120 "$WORK/drain-digest.json" >/dev/null
sleep 2
host 1 "$PY" "$DRILL/checks.py" digests "$WORK/mail.jsonl" "$WORK/digests.json" >/dev/null

say "report"
rc=0
"$PY" "$DRILL/report.py" "$WORK" "$RESULTS" "$((SECONDS - STARTED))" || rc=$?
exit "$rc"
