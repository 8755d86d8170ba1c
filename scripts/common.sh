# Shared by ./pyro, ./test and .ci/run. Sourced, not executed.
# Everything here prints to stderr: stdout belongs to pyro (and to MCP in `pyro mcp serve`).

pyro_log() {
  printf 'pyro: %s\n' "$*" >&2
}

pyro_die() {
  pyro_log "$*"
  exit 1
}

# Major version of the JDK at $1 (from its release file), or nothing.
pyro_jdk_major() {
  local release="$1/release" version
  [ -r "$release" ] || return 0
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  printf '%s' "$version"
}

# Sets PYRO_JAVA_HOME and PYRO_JAVA_MAJOR to a JDK >= 21: $JAVA_HOME first, then the
# newest under /usr/lib/jvm, then the java on PATH.
pyro_find_jdk() {
  local candidate major best="" best_major=0
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] && candidates+=("$candidate")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(pyro_jdk_major "$candidate")
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    if [ -n "${JAVA_HOME:-}" ] && [ "$candidate" = "$JAVA_HOME" ]; then
      best="$candidate"; best_major="$major"; break
    fi
    if [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    pyro_die "pyro needs a JDK 21 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm, PATH).
  fix: install one, e.g. 'sudo apt-get install -y openjdk-21-jdk-headless' (Ubuntu 24.04, Debian 13),
       or point JAVA_HOME at a JDK 21+."
  fi
  PYRO_JAVA_HOME="$best"
  PYRO_JAVA_MAJOR="$best_major"
}

# Installs the Debian packages of missing optional commands when that needs no prompt (root with
# apt-get), and says nothing otherwise: `pyro doctor` explains what their absence costs.
pyro_offer() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    pyro_require "$@" || true
  fi
}

# Installs the Debian packages that provide missing commands: pyro_require "bwrap:bubblewrap" ...
# As root with apt-get this installs them; otherwise it prints the one command that does.
pyro_require() {
  local pair command package missing=()
  for pair in "$@"; do
    command="${pair%%:*}"
    package="${pair#*:}"
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    pyro_log "installing ${missing[*]} (apt-get) ..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 ||
        pyro_die "could not install ${missing[*]}; install them and try again"
    fi
    return 0
  fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo "
  if command -v apt-get >/dev/null 2>&1; then
    pyro_log "missing ${missing[*]}. Install with: ${sudo}apt-get install -y ${missing[*]}"
  elif command -v dnf >/dev/null 2>&1; then
    pyro_log "missing ${missing[*]}. Install with: ${sudo}dnf install -y ${missing[*]}"
  else
    pyro_log "missing ${missing[*]}. Install them with your package manager."
  fi
  return 1
}

# Maven flags: quiet Maven's own JDK-internal warnings on JDKs that print them.
pyro_maven_env() {
  export JAVA_HOME="$PYRO_JAVA_HOME"
  if [ "$PYRO_JAVA_MAJOR" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
