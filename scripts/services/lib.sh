# shellcheck shell=bash
# Shared helpers for the throwaway test services. Sourced, not executed.

# Repo root from this file's location, so the scripts work from any cwd.
SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVICES_DIR/../.." && pwd)"
CACHE_ROOT="$REPO_ROOT/.cache"
# Unprivileged account: PostgreSQL and Elasticsearch both refuse to run as root.
SVC_USER="${SVC_USER:-ehch-svc}"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Keep the runtime cache out of git without touching the repo's .gitignore.
ensure_cache_root() {
    mkdir -p "$CACHE_ROOT"
    [[ -f "$CACHE_ROOT/.gitignore" ]] || printf '*\n' >"$CACHE_ROOT/.gitignore"
}

# Ask the kernel for a free loopback port (tiny race until the server binds it).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Create the service account when running as root; no-op otherwise.
ensure_svc_user() {
    [[ $EUID -eq 0 ]] || return 0
    id -u "$SVC_USER" >/dev/null 2>&1 && return 0
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SVC_USER"
}

# Run a command as the service account when root, as ourselves otherwise.
as_svc() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$SVC_USER" -- "$@"
    else
        "$@"
    fi
}

# Give the service account ownership of a path (only meaningful as root).
chown_svc() {
    [[ $EUID -eq 0 ]] || return 0
    chown -R "$SVC_USER:" "$@"
}

# Stop the process named in PID_FILE: TERM, then KILL after TIMEOUT seconds so a
# stuck server cannot block CI. No file or no process: nothing to do.
stop_pid_file() {
    local pid_file=$1 timeout=$2 pid i
    [[ -f "$pid_file" ]] || return 0
    pid="$(cat "$pid_file")"
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < timeout * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
}

# Find a Java >= MIN (default 17) for SERVICE (a name for messages); OVERRIDE
# names a variable (such as ES_JAVA_HOME) whose value, when set, must be used.
# Without it: Debian's Java 17 when 17 is enough, else the newest JDK under
# /usr/lib/jvm that is new enough (a Temurin 25 beside Debian's 17, say), else
# the java on PATH. Sets JAVA_HOME_FOUND.
java_major() {
    # `java -version` prints e.g.: openjdk version "17.0.15" 2025-04-15
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

find_java_home() {
    local service=$1 override=$2 min=${3:-17} wanted home="" java major candidate best=0
    wanted="${!override:-}"
    if [[ -n "$wanted" ]]; then
        home="$wanted"
    elif [[ "$min" -le 17 && -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then
        home=/usr/lib/jvm/java-17-openjdk-amd64
    else
        for candidate in /usr/lib/jvm/*/; do
            candidate="${candidate%/}"
            [[ -x "$candidate/bin/java" ]] || continue
            major="$(java_major "$candidate")"
            if [[ "${major:-0}" -ge "$min" && "${major:-0}" -gt "$best" ]]; then
                best="$major" home="$candidate"
            fi
        done
        if [[ -z "$home" ]] && java="$(command -v java)"; then
            home="$(dirname "$(dirname "$(readlink -f "$java")")")"
        fi
    fi
    if [[ -n "$wanted" && ! -x "$home/bin/java" ]]; then
        die "$service did not start: $override=$wanted has no bin/java; point it at a Java $min+ or unset it"
    fi
    [[ -n "$home" && -x "$home/bin/java" ]] \
        || die "$service did not start: no Java $min+ found under /usr/lib/jvm or on PATH (or set $override)"
    major="$(java_major "$home")"
    [[ "${major:-0}" -ge "$min" ]] \
        || die "$service did not start: $home/bin/java is Java ${major:-?}, need $min+ (set $override to a newer JDK)"
    JAVA_HOME_FOUND="$home"
}

# Fetch ARTIFACT (group:artifact:version:type[:classifier]) from Maven Central
# into DIR for SERVICE (a name for messages).
maven_fetch() {
    local service=$1 artifact=$2 dir=$3
    ensure_cache_root
    mkdir -p "$dir"
    command -v mvn >/dev/null || die "$service did not start: mvn not found (needed to fetch $artifact); install maven"
    log "fetching $artifact with Maven ..."
    # dependency:copy works without a pom; plugin version pinned for reproducibility.
    # Output goes to a log (mvn -q still prints colour escapes); shown only on failure.
    if ! mvn -q -B -Dstyle.color=never \
        org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
        -Dartifact="$artifact" -DoutputDirectory="$dir" >"$dir/mvn.log" 2>&1; then
        cat "$dir/mvn.log" >&2
        die "$service did not start: could not download $artifact from Maven Central"
    fi
}
