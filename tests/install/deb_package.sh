#!/usr/bin/env bash
# usage: deb_package.sh CPACK BUILD_DIR SOURCE_DIR SCREENSHOT_DIR   (registered by tests/install/CMakeLists.txt)
# Builds the .deb with cpack, unpacks it with dpkg -x into a temporary root and checks the installed files:
# - the package's Depends name the run-time packages of what run.sh installs;
# - the installed nnlab prints its version, trains an installed example and opens one in the window (offscreen; the
#   picture goes to SCREENSHOT_DIR/install-opened-example.png), with the source and build trees out of its sight:
#   hidden under empty tmpfs mounts in a private mount namespace when unshare can make one (root), and in any case
#   run from an empty folder with a bare environment;
# - desktop-file-validate, appstreamcli validate(-tree) --no-net, update-mime-database and groff accept the desktop
#   entry, metainfo, MIME type and man page, and the entry's Exec, Icon and MimeType name installed things.
# A missing tool fails the test: run.sh installs them all (dpkg, desktop-file-utils, appstream, shared-mime-info,
# groff-base).
set -euo pipefail
cpack=$1 build=$2 source=$3 shots=$4

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }
for tool in dpkg dpkg-deb desktop-file-validate appstreamcli update-mime-database groff gzip; do
  command -v "$tool" >/dev/null || fail "$tool is missing; ./run.sh installs it (see its PACKAGES)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nnlab-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

step "cpack -G DEB"
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$tmp"/pkg/nnlab_*.deb)
[ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; fail "cpack wrote no nnlab_*.deb"; }
deb=${debs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"

step "control fields"
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
[ "$(dpkg-deb -f "$deb" Package)" = nnlab ] || fail "package name is not nnlab"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"
[ "$(dpkg-deb -f "$deb" Section)" = education ] || fail "section is not education"
# The run-time halves of run.sh's build packages (qt6-base-dev, libqcustomplot-dev, qt6-svg-dev, libonnx-dev,
# libprotobuf-dev, libgif-dev, zlib1g-dev) and its font.
names=$(sed 's/([^)]*)//g; s/,/ /g' <<<"$depends")
for p in libqt6core6 libqt6gui6 libqt6widgets6 libqt6printsupport6 libqt6svg6 libqcustomplot2.1-qt6 libonnx1 \
         libprotobuf32 libgif7 zlib1g libstdc++6 libc6 fonts-dejavu-core; do
  tr ' ' '\n' <<<"$names" | grep -qxF "$p" || fail "Depends lacks $p"
done
for p in $names; do  # every name is a Debian package installed here (run.sh installed it, or what it needs)
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fail "Depends names $p, not installed here"
done

step "dpkg -x"
root=$tmp/root
dpkg -x "$deb" "$root"
share=$root/usr/share
for f in usr/bin/nnlab usr/share/man/man1/nnlab.1.gz usr/share/mime/packages/nnlab.xml \
         usr/share/icons/hicolor/scalable/apps/nnlab.svg usr/share/nnlab/examples/README.md \
         usr/share/nnlab/lessons/README.md usr/share/nnlab/lessons/04-xor/lesson.md usr/share/doc/nnlab/copyright; do
  [ -f "$root/$f" ] || fail "the package lacks /$f"
done
[ "$(ls "$share"/nnlab/examples/*.nnlab | wc -l)" = "$(ls "$source"/examples/*.nnlab | wc -l)" ] \
  || fail "the package's examples differ in number from examples/"

step "the installed program, source and build trees out of sight"
mkdir -p "$tmp/work" "$tmp/home" "$tmp/xdg" && chmod 700 "$tmp/xdg"
cat >"$tmp/inside.sh" <<'INSIDE'
set -euo pipefail
root=$1 version=$2 source=$3 build=$4
fail() { echo "FAIL: $*" >&2; exit 1; }
nnlab=$root/usr/bin/nnlab
examples=$root/usr/share/nnlab/examples
if [ -e "$source/CMakeLists.txt" ] || [ -e "$build/CMakeCache.txt" ]; then echo "(the trees are visible)"; else
  echo "(the source and build trees are hidden)"; fi
out=$("$nnlab" --version) || fail "nnlab --version exited with $?"
[ "$out" = "nnlab $version" ] || fail "nnlab --version printed \"$out\", not \"nnlab $version\""
echo "$out"
"$nnlab" train "$examples/09-circle-squares.nnlab" --epochs 40 --save trained.nnlab >train.log 2>&1 \
  || { cat train.log; fail "nnlab train on the installed 09-circle-squares.nnlab failed"; }
tail -n 2 train.log
grep -q '"format": "nnlab-project"' trained.nnlab || fail "nnlab train --save wrote no project"
"$nnlab" train "$examples/01-xor-solved.nnlab" --epochs 5 >xor.log 2>&1 || { cat xor.log; fail "01-xor-solved"; }
grep -q 'accuracy 1.000' xor.log || { cat xor.log; fail "the installed solved XOR is not right from its weights"; }
# What a double click does (Exec=nnlab %f): the window opens the project; here it saves its picture and quits. The
# name has a space and an upper-case suffix, which the MIME glob *.nnlab matches too.
cp "$examples/07-iris.nnlab" "My Iris.NNLAB"
"$nnlab" "$PWD/My Iris.NNLAB" --screenshot opened.png --after 400 >window.log 2>&1 \
  || { cat window.log; fail "nnlab FILE.nnlab --screenshot failed"; }
[ -s opened.png ] || fail "the window wrote no picture"
"$nnlab" lesson "$root/usr/share/nnlab/lessons/01-perceptron/lesson.md" --epochs 200 >lesson.log 2>&1 \
  || { cat lesson.log; fail "nnlab lesson on the installed 01-perceptron/lesson.md failed"; }
INSIDE
run=(env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/xdg" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
     bash "$tmp/inside.sh" "$root" "$version" "$source" "$build")
cd "$tmp/work"
case "$tmp/" in "$source"/* | "$build"/*) hide=no ;; *) hide=yes ;; esac  # never hide the temporary root itself
# Hiding needs a private mount namespace and mounting in it (root, outside a locked-down container): probe for both.
if [ $hide = yes ] && unshare --mount --propagation private mount -t tmpfs none "$tmp/home" 2>/dev/null; then
  # Empty tmpfs over the build tree, then over the source tree (which may hold the build tree).
  unshare --mount --propagation private bash -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" && shift 2 &&
    exec "$@"' hide "$build" "$source" "${run[@]}"
else
  "${run[@]}"
fi
mkdir -p "$shots" && cp "$tmp/work/opened.png" "$shots/install-opened-example.png"
echo "wrote $shots/install-opened-example.png (the installed program, opening a copy of examples/07-iris.nnlab)"

step "desktop entry"
desktops=("$share"/applications/*.desktop)
[ "${#desktops[@]}" = 1 ] && [ -f "${desktops[0]}" ] || fail "expected one .desktop file"
desktop=${desktops[0]}
out=$(desktop-file-validate "$desktop" 2>&1) || { echo "$out"; fail "desktop-file-validate failed"; }
[ -z "$out" ] || { echo "$out"; fail "desktop-file-validate has remarks"; }
field() { sed -n "s/^$1=//p" "$desktop"; }
exec_line=$(field Exec); icon=$(field Icon); mime=$(field MimeType)
[ "${exec_line%% *}" = nnlab ] && [ -x "$root/usr/bin/nnlab" ] || fail "Exec=$exec_line is not the installed nnlab"
[[ "$exec_line" == *%f* || "$exec_line" == *%F* ]] || fail "Exec=$exec_line takes no file: a double click opens nothing"
[ "$mime" = "application/x-nnlab-project;" ] || fail "MimeType=$mime"
for size in 16 22 24 32 48 64 128 256; do
  png=$share/icons/hicolor/${size}x$size/apps/$icon.png
  [ -f "$png" ] || fail "no $size px icon $icon.png"
  # A PNG's width and height are the big-endian words at bytes 16 to 23.
  [ "$(od -An -j16 -N8 -tx1 "$png" | tr -d ' \n')" = "$(printf '%08x%08x' "$size" "$size")" ] \
    || fail "$png is not $size x $size"
done

step "appstream metainfo"
metainfo=("$share"/metainfo/*.metainfo.xml)
[ -f "${metainfo[0]}" ] || fail "no metainfo"
appstreamcli validate --no-net "${metainfo[0]}" || fail "appstreamcli validate failed"
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree failed"
id=$(sed -n 's|.*<id>\(.*\)</id>.*|\1|p' "${metainfo[0]}")
[ "$(basename "$desktop")" = "$id.desktop" ] || fail "the desktop file is not named after the component id $id"
grep -q "<screenshot" "${metainfo[0]}" || fail "the metainfo has no screenshot"

step "MIME type"
mkdir -p "$tmp/mime/packages" && cp "$share"/mime/packages/nnlab.xml "$tmp/mime/packages/"
XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp" update-mime-database "$tmp/mime" 2>&1 | tee "$tmp/mime.log"
[ ! -s "$tmp/mime.log" ] || fail "update-mime-database complained"
grep -q ':application/x-nnlab-project:\*\.nnlab$' "$tmp/mime/globs2" || fail "no *.nnlab glob for application/x-nnlab-project"

step "man page"
gzip -dc "$share/man/man1/nnlab.1.gz" >"$tmp/nnlab.1"
warnings=$(groff -man -ww -z -Tutf8 "$tmp/nnlab.1" 2>&1)
[ -z "$warnings" ] || { echo "$warnings"; fail "groff warns about the man page"; }
grep -q "^\.TH NNLAB 1 .*\"NN Lab $version\"" "$tmp/nnlab.1" || fail "the man page's .TH names another version than $version"
groff -man -Tascii -P-cbou "$tmp/nnlab.1" >"$tmp/nnlab.txt" 2>/dev/null  # as man shows it, without bold or underline
for c in "nnlab train" "nnlab demo" "nnlab bench" "nnlab lesson" "nnlab export" --screenshot --preset --version; do
  grep -qF -- "$c" "$tmp/nnlab.txt" || fail "the man page does not mention $c"
done

echo "PASS: the Debian package installs, runs and validates"
