#!/usr/bin/env bash
# Run one manage.py command for cron: the site's environment and the project's
# virtualenv. Every server can have the same crontab: each scheduled command
# takes its own lock in the shared database (site/ehch/cluster_lock.py), so
# it runs once at a time across all of them, and a run that finds it running
# elsewhere logs so and exits 0. (A flock here would lock one machine only.)
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
exec "$ROOT/.venv/bin/python" "$ROOT/manage.py" "$@" --verbosity 0
