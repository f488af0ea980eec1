# Glimpse set-up, sourced by ./glimpse. Every step checks before it acts, so a second call
# installs nothing and returns at once.
#   ensure_system  Java 17+, Maven, Jupyter (nbconvert/nbclient), the embedded data and fonts
#   ensure_build   the library jar and the kernel classpath (Maven), rebuilt only when sources changed

GLIMPSE_ROOT=${GLIMPSE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
GLIMPSE_ENV_DIR="$GLIMPSE_ROOT/build/env"

say() { printf '[glimpse] %s\n' "$*" >&2; }

_apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: $*"
    say "install them with: sudo apt-get install -y $*   (or the equivalent for your system), then re-run."
    return 1
  fi
  say "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f "$GLIMPSE_ENV_DIR/.apt-updated" ]; then
    apt-get update -q >/dev/null && mkdir -p "$GLIMPSE_ENV_DIR" && touch "$GLIMPSE_ENV_DIR/.apt-updated"
  fi
  apt-get install -y -q --no-install-recommends "$@" >"$GLIMPSE_ENV_DIR/apt-install.log" 2>&1 \
    || { say "apt-get install failed; see $GLIMPSE_ENV_DIR/apt-install.log"; tail -5 "$GLIMPSE_ENV_DIR/apt-install.log" >&2; return 1; }
}

ensure_system() {
  mkdir -p "$GLIMPSE_ENV_DIR"
  local missing=()
  if ! command -v javac >/dev/null 2>&1 || [ "$(javac -version 2>&1 | sed -E 's/javac ([0-9]+).*/\1/')" -lt 17 ]; then
    missing+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if command -v dpkg-query >/dev/null 2>&1; then
    local wanted
    wanted=$(grep -v '^\s*#' "$GLIMPSE_ROOT/environment/apt-packages.txt" | grep -v '^\s*$')
    # one dpkg-query for all packages: installed ones print "ok installed"
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $wanted 2>/dev/null | awk '$2=="installed"{print $1}')
    for p in $wanted; do grep -qx "$p" <<<"$installed" || missing+=("$p"); done
  elif ! glimpse_python >/dev/null; then
    say "Jupyter (nbclient + nbconvert) is missing: install it with 'pip install nbclient nbconvert' and re-run."
    return 1
  fi
  if [ ${#missing[@]} -gt 0 ]; then _apt_install "${missing[@]}" || return 1; fi
  glimpse_python >/dev/null || { say "no python3 with nbclient and nbconvert found (set GLIMPSE_PYTHON)"; return 1; }
}

# The Python that can execute notebooks (nbclient + nbconvert importable).
glimpse_python() {
  local c
  for c in "${GLIMPSE_PYTHON:-}" /usr/bin/python3 python3; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import nbclient, nbconvert' 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

ensure_build() {
  local marker="$GLIMPSE_ROOT/notebooks/target/kernel-classpath/glimpse-lib-0.1.0-SNAPSHOT.jar"
  local profile=()
  [ "${GLIMPSE_GPU:-0}" = 1 ] && profile=(-Pgpu)
  if [ -f "$marker" ] && [ -z "$(find "$GLIMPSE_ROOT/lib/src/main" "$GLIMPSE_ROOT/pom.xml" "$GLIMPSE_ROOT/lib/pom.xml" \
        "$GLIMPSE_ROOT/notebooks/pom.xml" -newer "$marker" -print -quit 2>/dev/null)" ] \
     && [ "$(cat "$GLIMPSE_ENV_DIR/.build-profile" 2>/dev/null)" = "${profile[*]:-cpu}" ]; then
    return 0
  fi
  say "building the library (mvn package)..."
  (cd "$GLIMPSE_ROOT" && mvn -B -q "${profile[@]}" package -DskipTests) >&2 || { say "the Maven build failed"; return 1; }
  mkdir -p "$GLIMPSE_ENV_DIR" && echo "${profile[*]:-cpu}" >"$GLIMPSE_ENV_DIR/.build-profile"
  touch "$marker"
}

glimpse_classpath() {
  local cp="" j
  for j in "$GLIMPSE_ROOT"/notebooks/target/kernel-classpath/*.jar; do cp="$cp${cp:+:}$j"; done
  echo "$cp"
}
