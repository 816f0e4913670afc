#!/usr/bin/env bash
# Build the evodesk executable with build.spec, then prove the frozen program works.
#
#   scripts/build.sh              one folder: dist/evodesk/evodesk (what CI ships)
#   scripts/build.sh --onefile    one file:   dist/evodesk-portable
#
# PYTHON (default .venv/bin/python) must have evodesk and the build extra installed:
#   .venv/bin/pip install -e '.[build]'
# EVODESK_DEBUG_BUILD=1 is passed through to build.spec (keeps a console window).
#
# Fails when PyInstaller cannot resolve a library a bundled Qt plugin needs, when the frozen --smoke-test exits
# non-zero or writes anything unexpected to stderr, or when the one-folder bundle is over the size budget
# (design.md section 6). Prints the size, the smoke-test time and the frozen/source start-time ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_BUDGET_MB=160
START_RATIO_BUDGET=1.2
TIMING_RUNS=5

# Regular expressions for stderr lines of the frozen --smoke-test that are known to be harmless. The smoke test
# routes Qt's own messages into logging at ERROR level, so today nothing harmless reaches stderr and the list is
# empty: every stderr line is a failure. Add an entry only with a comment saying where the line comes from and
# why it does not matter.
ALLOWED_STDERR=()

die() {
  echo "build.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

onefile=0
for arg in "$@"; do
  case "$arg" in
    --onefile) onefile=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || die "no Python at '$PYTHON'; create the venv (python3 -m venv .venv) or set PYTHON"
# Installed metadata, not an import: from the repository root "import evodesk" works even when it is not installed,
# and the spec copies evodesk's metadata into the bundle (evodesk --version reads it).
"$PYTHON" -c 'import importlib.metadata as m; m.version("evodesk"); m.version("pyinstaller")' 2>/dev/null \
  || die "'$PYTHON' lacks evodesk or PyInstaller; run: $PYTHON -m pip install -e '.[build]'"

if [ "$onefile" = 1 ]; then
  target=onefile
  exe=dist/evodesk-portable
  export EVODESK_ONEFILE=1
else
  target=onefolder
  exe=dist/evodesk/evodesk
  unset EVODESK_ONEFILE
fi
case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) exe="$exe.exe" ;;
esac

mkdir -p build
build_log="build/pyinstaller-$target.log"
echo "== PyInstaller ($target build, log in $build_log)"
# Separate work folders keep the two builds' caches from invalidating each other.
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --workpath "build/pyinstaller-$target" --distpath dist \
  build.spec 2>&1 | tee "$build_log"
[ -x "$exe" ] || die "PyInstaller finished but $exe is missing"

# A Qt plugin whose shared library could not be found is still bundled, and then fails on the operator's machine
# (the classic case: libxcb-cursor0 missing on the build host makes the xcb platform plugin unloadable).
# On Windows, the API-set names (api-ms-win-*, ext-ms-*) are Windows' own and resolved by the system loader.
unresolved=$(grep "Library not found: could not resolve" "$build_log" | grep -vE "'(api-ms-win-|ext-ms-)" || true)
if [ -n "$unresolved" ]; then
  echo "$unresolved" >&2
  die "libraries above are missing on this build machine; install them (Debian: see .ci/run) and rebuild"
fi

# The offscreen smoke test would not notice the desktop platform or SVG plugins going missing.
if [ "$onefile" = 0 ] && [ "$(uname -s)" = Linux ]; then
  plugins=dist/evodesk/_internal/PySide6/Qt/plugins
  for plugin in platforms/libqxcb.so platforms/libqoffscreen.so imageformats/libqsvg.so iconengines/libqsvgicon.so; do
    [ -f "$plugins/$plugin" ] || die "the bundle lacks the Qt plugin $plugin (packaging/hooks/hook-PySide6.QtGui.py)"
  done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evodesk-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# smoke_test LABEL [WRAPPER...]: run the frozen --smoke-test (through WRAPPER, e.g. xvfb-run) and fail on a
# non-zero exit or on a stderr line outside ALLOWED_STDERR. Only the app's own stderr is judged: it is redirected
# inside the wrapper, so a wrapper's chatter cannot fail the build or hide a line.
smoke_test() {
  local label=$1 start rc line pattern allowed
  shift
  rm -rf "$tmp/home"
  start=$(date +%s%N)
  set +e
  # The variables that could point the app at a real server or database are cleared; EVODESK_HOME keeps the
  # operator's own settings and logs out of it. timeout covers a hang before Python (and the app's watchdog)
  # starts.
  "$@" env -u EVOLUTION_API_URL -u EVOLUTION_API_KEY -u EVODESK_DATABASE_URL EVODESK_HOME="$tmp/home" \
    sh -c 'exec timeout 60 "$1" --smoke-test >"$2" 2>"$3"' sh "$exe" "$tmp/stdout" "$tmp/stderr"
  rc=$?
  set -e
  smoke_ms=$((($(date +%s%N) - start) / 1000000))
  cat "$tmp/stdout"

  local unexpected=0
  while IFS= read -r line || [ -n "$line" ]; do
    allowed=0
    for pattern in "${ALLOWED_STDERR[@]+"${ALLOWED_STDERR[@]}"}"; do
      if [[ "$line" =~ $pattern ]]; then
        allowed=1
        break
      fi
    done
    [ "$allowed" = 1 ] || unexpected=$((unexpected + 1))
  done <"$tmp/stderr"

  if [ "$rc" -ne 0 ] || [ "$unexpected" -gt 0 ]; then
    echo "--- stderr of the frozen smoke test ($label):" >&2
    cat "$tmp/stderr" >&2
    [ "$rc" -eq 0 ] || die "frozen --smoke-test ($label) exited with $rc"
    die "frozen --smoke-test ($label) wrote $unexpected unexpected line(s) to stderr"
  fi
  echo "smoke test ($label): passed in ${smoke_ms} ms (wall clock, including start-up)"
}

echo "== frozen --smoke-test"
smoke_test offscreen env QT_QPA_PLATFORM=offscreen
offscreen_ms=$smoke_ms
# The xcb platform plugin is what operators on X11 get, and the one with system-library pitfalls
# (libxcb-cursor0 since Qt 6.5); exercise it on a virtual display when one can be had.
if [ "$(uname -s)" = Linux ] && command -v xvfb-run >/dev/null; then
  smoke_test "xcb on Xvfb" xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb
else
  echo "(xvfb-run not installed: the xcb platform plugin was not exercised)"
fi

echo "== size"
if [ "$onefile" = 1 ]; then
  size_mb=$(du -m "$exe" | cut -f1)
  echo "one-file executable: ${size_mb} MB ($exe)"
else
  size_mb=$(du -sm dist/evodesk | cut -f1)
  echo "one-folder bundle: ${size_mb} MB (dist/evodesk; budget ${SIZE_BUDGET_MB} MB)"
  [ "$size_mb" -le "$SIZE_BUDGET_MB" ] || die "bundle is ${size_mb} MB, over the ${SIZE_BUDGET_MB} MB budget"
fi

echo "== start time: frozen vs source (--version, median of $TIMING_RUNS interleaved runs)"
run_ms() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || die "'$*' failed"
  echo $((($(date +%s%N) - start) / 1000000))
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
# One untimed run each: the first start pays for reading files into the page cache (and, one-file, unpacking).
run_ms "$exe" --version >/dev/null
run_ms "$PYTHON" -m evodesk --version >/dev/null
frozen_runs=()
source_runs=()
for _ in $(seq "$TIMING_RUNS"); do
  frozen_runs+=("$(run_ms "$exe" --version)")
  source_runs+=("$(run_ms "$PYTHON" -m evodesk --version)")
done
frozen_ms=$(median "${frozen_runs[@]}")
source_ms=$(median "${source_runs[@]}")
ratio=$(awk -v f="$frozen_ms" -v s="$source_ms" 'BEGIN { printf "%.2f", (s > 0 ? f / s : 0) }')
echo "frozen ${frozen_ms} ms (runs: ${frozen_runs[*]})"
echo "source ${source_ms} ms (runs: ${source_runs[*]})"
echo "frozen/source start ratio: ${ratio}"
if [ "$onefile" = 1 ]; then
  # The budget is for the one-folder bundle; a one-file executable unpacks itself to a temporary folder first.
  echo "(one-file: every start unpacks the bundle into a temporary folder; the start budget is for one-folder)"
elif awk -v r="$ratio" -v b="$START_RATIO_BUDGET" 'BEGIN { exit !(r > b) }'; then
  # Reported, not enforced: a 20 % margin on a ~0.2 s start is within the noise of a shared CI machine.
  echo "warning: frozen start is ${ratio}x the source start (budget ${START_RATIO_BUDGET}x)" >&2
fi
echo "build.sh: $target build OK: $exe (${size_mb} MB, offscreen smoke test ${offscreen_ms} ms, start ratio ${ratio})"
