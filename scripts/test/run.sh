#!/usr/bin/env bash
# Run the whole suite against the services with-services.sh started:
#   scripts/test/run.sh [PYTEST ARGS...]
# 1. every test that leaves the shared services alone, in TEST_WORKERS
#    pytest-xdist processes (default: one per core, at most 4): each has its
#    own PostgreSQL database, Elasticsearch prefix and Redis database. Handed
#    out test by test in pytest-django's order (`--dist load`), so in each
#    process the tests that empty the database (transactional ones, the
#    browser's live server) still come after the rest, as in one process;
# 2. then, alone, the tests marked `exclusive` (tests/drills pause
#    Elasticsearch and restart PostgreSQL under everyone's feet).
# Both parts always run; the exit code is the first failure's (5, "no tests
# collected", only counts when neither part ran anything).
set -uo pipefail
cd "$(dirname "$0")/../.."

PY="${PY:-.venv/bin/python}"
cores="$(nproc 2>/dev/null || echo 2)"
workers="${TEST_WORKERS:-$((cores < 4 ? cores : 4))}"
parallel=(-n "$workers" --dist load)
((workers > 1)) || parallel=(-p no:xdist)

echo "==> pytest in $workers process(es): every test not marked exclusive"
"$PY" -m pytest "${parallel[@]}" -m "not exclusive" "$@"
shared=$?
echo "==> pytest, alone: the tests marked exclusive (they stop shared services)"
"$PY" -m pytest -p no:xdist -m exclusive "$@"
alone=$?

if ((shared == 5 && alone == 5)); then exit 5; fi
((shared == 5)) && shared=0
((alone == 5)) && alone=0
((shared != 0)) && exit "$shared"
exit "$alone"
