#!/usr/bin/env bash
# Run a command with throwaway PostgreSQL, Elasticsearch, Redis and S3 servers:
#   scripts/services/with-services.sh pytest -q
# Exports DATABASE_URL, ELASTICSEARCH_URL, REDIS_URL, S3_ENDPOINT_URL and
# S3_CREDENTIALS ("key secret") for CMD, preserves its exit code, and always
# stops the services afterwards.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# > 0)) || die "usage: $0 CMD [ARGS...]"

PG_STATE_DIR="${PG_STATE_DIR:-$CACHE_ROOT/services/postgres}"
ES_STATE_DIR="${ES_STATE_DIR:-$CACHE_ROOT/services/elasticsearch}"
REDIS_STATE_DIR="${REDIS_STATE_DIR:-$CACHE_ROOT/services/redis}"
S3_STATE_DIR="${S3_STATE_DIR:-$CACHE_ROOT/services/s3}"
export PG_STATE_DIR ES_STATE_DIR REDIS_STATE_DIR S3_STATE_DIR

# shellcheck disable=SC2317  # only reached via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    log "stopping S3Proxy ..."
    "$SERVICES_DIR/s3.sh" stop || log "warning: stopping S3Proxy failed"
    log "stopping Redis ..."
    "$SERVICES_DIR/redis.sh" stop || log "warning: stopping Redis failed"
    log "stopping Elasticsearch ..."
    "$SERVICES_DIR/elasticsearch.sh" stop || log "warning: stopping Elasticsearch failed"
    log "stopping PostgreSQL ..."
    "$SERVICES_DIR/postgres.sh" stop || log "warning: stopping PostgreSQL failed"
    exit "$rc"
}
# EXIT covers normal end and errors; INT/TERM exit with the usual 128+N code,
# which fires the EXIT trap once.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$SERVICES_DIR/postgres.sh" start || die "PostgreSQL did not start (see messages above)"
"$SERVICES_DIR/elasticsearch.sh" start || die "Elasticsearch did not start (see messages above)"
"$SERVICES_DIR/redis.sh" start || die "Redis did not start (see messages above)"
"$SERVICES_DIR/s3.sh" start || die "S3Proxy did not start (see messages above)"

DATABASE_URL="$(cat "$PG_STATE_DIR/url")"
ELASTICSEARCH_URL="$(cat "$ES_STATE_DIR/url")"
REDIS_URL="$(cat "$REDIS_STATE_DIR/url")"
S3_ENDPOINT_URL="$(cat "$S3_STATE_DIR/url")"
S3_CREDENTIALS="$(cat "$S3_STATE_DIR/credentials")"
export DATABASE_URL ELASTICSEARCH_URL REDIS_URL S3_ENDPOINT_URL S3_CREDENTIALS
log "DATABASE_URL=$DATABASE_URL ELASTICSEARCH_URL=$ELASTICSEARCH_URL REDIS_URL=$REDIS_URL S3_ENDPOINT_URL=$S3_ENDPOINT_URL"

log "running: $*"
# Not exec: the EXIT trap must run after CMD to stop the services.
rc=0
"$@" || rc=$?
exit "$rc"
