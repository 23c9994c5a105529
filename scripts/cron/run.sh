#!/usr/bin/env bash
# Run one manage.py command for cron: the site's environment, the project's
# virtualenv, and a lock so that a slow run is never overlapped by the next.
#   scripts/cron/run.sh search_index --sync
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# Variables such as DATABASE_URL, SECRET_KEY and ELASTICSEARCH_URL.
if [[ -f "$HERE/env" ]]; then
    set -a
    # shellcheck disable=SC1091
    source "$HERE/env"
    set +a
fi
: "${DJANGO_SETTINGS_MODULE:=ehch.settings.production}"
export DJANGO_SETTINGS_MODULE
(($# > 0)) || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
LOCKS="${EHCH_LOCK_DIR:-${TMPDIR:-/tmp}}"
exec flock --nonblock "$LOCKS/ehch-cron-$1.lock" \
    "$ROOT/.venv/bin/python" "$ROOT/manage.py" "$@" --verbosity 0
