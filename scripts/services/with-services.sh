#!/usr/bin/env bash
# Run a command with throwaway PostgreSQL, Elasticsearch, Redis, S3 and
# Keycloak servers:
#   scripts/services/with-services.sh pytest -q
# Exports DATABASE_URL, ELASTICSEARCH_URL, REDIS_URL, S3_ENDPOINT_URL,
# S3_CREDENTIALS ("key secret") and KEYCLOAK_URL for CMD, preserves its exit
# code, and always stops the services afterwards. Keycloak, the slowest to
# start (about half a minute), starts first and in the background while the
# others start. WITH_KEYCLOAK=no leaves it out (make bench, which signs
# nobody in through it); KEYCLOAK_URL is then not set.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# > 0)) || die "usage: $0 CMD [ARGS...]"

PG_STATE_DIR="${PG_STATE_DIR:-$CACHE_ROOT/services/postgres}"
ES_STATE_DIR="${ES_STATE_DIR:-$CACHE_ROOT/services/elasticsearch}"
REDIS_STATE_DIR="${REDIS_STATE_DIR:-$CACHE_ROOT/services/redis}"
S3_STATE_DIR="${S3_STATE_DIR:-$CACHE_ROOT/services/s3}"
KEYCLOAK_STATE_DIR="${KEYCLOAK_STATE_DIR:-$CACHE_ROOT/services/keycloak}"
export PG_STATE_DIR ES_STATE_DIR REDIS_STATE_DIR S3_STATE_DIR KEYCLOAK_STATE_DIR

# shellcheck disable=SC2317  # only reached via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "${keycloak_starting:-}" ]]; then
        wait "$keycloak_starting" 2>/dev/null || true
    fi
    if [[ "${WITH_KEYCLOAK:-yes}" != no ]]; then
        log "stopping Keycloak ..."
        "$SERVICES_DIR/keycloak.sh" stop || log "warning: stopping Keycloak failed"
    fi
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

keycloak_starting=""
if [[ "${WITH_KEYCLOAK:-yes}" != no ]]; then
    "$SERVICES_DIR/keycloak.sh" start &
    keycloak_starting=$!
fi
"$SERVICES_DIR/postgres.sh" start || die "PostgreSQL did not start (see messages above)"
"$SERVICES_DIR/elasticsearch.sh" start || die "Elasticsearch did not start (see messages above)"
"$SERVICES_DIR/redis.sh" start || die "Redis did not start (see messages above)"
"$SERVICES_DIR/s3.sh" start || die "S3Proxy did not start (see messages above)"
if [[ -n "$keycloak_starting" ]]; then
    wait "$keycloak_starting" || { keycloak_starting=""; die "Keycloak did not start (see messages above)"; }
    keycloak_starting=""
    KEYCLOAK_URL="$(cat "$KEYCLOAK_STATE_DIR/url")"
    export KEYCLOAK_URL
fi

DATABASE_URL="$(cat "$PG_STATE_DIR/url")"
ELASTICSEARCH_URL="$(cat "$ES_STATE_DIR/url")"
REDIS_URL="$(cat "$REDIS_STATE_DIR/url")"
S3_ENDPOINT_URL="$(cat "$S3_STATE_DIR/url")"
S3_CREDENTIALS="$(cat "$S3_STATE_DIR/credentials")"
export DATABASE_URL ELASTICSEARCH_URL REDIS_URL S3_ENDPOINT_URL S3_CREDENTIALS
log "DATABASE_URL=$DATABASE_URL ELASTICSEARCH_URL=$ELASTICSEARCH_URL REDIS_URL=$REDIS_URL S3_ENDPOINT_URL=$S3_ENDPOINT_URL KEYCLOAK_URL=${KEYCLOAK_URL:-(not started)}"

log "running: $*"
# Not exec: the EXIT trap must run after CMD to stop the services.
rc=0
"$@" || rc=$?
exit "$rc"
