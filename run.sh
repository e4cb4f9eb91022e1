#!/usr/bin/env bash
# NN Lab: set up, build and start the app (./run.sh), or build and run every test (./run.sh test).
# Installs the Debian packages the project needs when they are missing (apt-get; sudo when not root).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake pkg-config
  qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6 libeigen3-dev
  libgl-dev fonts-dejavu-core
  qt6-svg-dev libgif-dev zlib1g-dev
  xvfb xauth
  libonnx-dev libprotobuf-dev python3-onnx
  clang libclang-rt-14-dev
  ccache
  # cpack -G DEB (dpkg-shlibdeps) and tests/install: desktop-file-validate, appstreamcli, update-mime-database, groff
  dpkg-dev desktop-file-utils appstream shared-mime-info groff-base
)

# ccache: paths under the checkout count as relative, so a fresh clone elsewhere reuses what an earlier build compiled;
# the precompiled headers' inputs are checked by content, not by time.
export CCACHE_BASEDIR="$PWD"
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# The sanitizer builds compile with -g, and ccache would then key every object on the folder it was built in.
export CCACHE_NOHASHDIR=1

say() { printf '\033[1mrun.sh:\033[0m %s\n' "$*"; }

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing missing Debian packages: ${missing[*]}"
  local SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
      say "these packages are missing and I am neither root nor able to use sudo:"
      say "  apt-get install ${missing[*]}"
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not found: this script expects Debian 12. Install by hand: ${missing[*]}"; exit 1
  fi
  "${SUDO[@]}" apt-get update -q || { say "apt-get update failed (network?)"; exit 1; }
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || { say "apt-get install failed for: ${missing[*]}"; exit 1; }
}

build() {
  local jobs; jobs=$(nproc 2>/dev/null || echo 2)
  if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build build -j"$jobs"
}

mode=${1:-run}
case "$mode" in
  run|"")
    install_missing; build
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
      shift || true
      exec ./build/app/nnlab "$@"
    fi
    say "no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open."
    say "running the headless demo instead: it trains XOR and writes pictures to ./nnlab-demo/"
    exec ./build/app/nnlab demo --out nnlab-demo
    ;;
  test)
    install_missing; build
    # onnxruntime (npm) for the ONNX export test, into the git-ignored tools/ort/node_modules. The package's install
    # script would download CUDA binaries: skip it (the CPU runtime is in the package). No npm: that check is skipped.
    if command -v npm >/dev/null 2>&1 && [ tools/ort/package-lock.json -nt tools/ort/node_modules/.package-lock.json ]; then
      say "installing onnxruntime-node into tools/ort (npm ci)"
      (cd tools/ort && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund) || { say "npm ci in tools/ort failed"; exit 1; }
    fi
    cd build
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    ctest --output-on-failure -j2
    ;;
  sanitize)
    # AddressSanitizer + UndefinedBehaviorSanitizer over every test (build-asan/), ThreadSanitizer over the training
    # thread's contract test (build-tsan/), then the fuzzers' corpora replayed (tests/fuzz/). Any finding fails.
    install_missing
    jobs=$(nproc 2>/dev/null || echo 2)
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    flags="-O1 -g1"
    if [ ! -f build-asan/CMakeCache.txt ]; then
      cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" -DNNLAB_NATIVE=OFF \
        -DNNLAB_SANITIZE=address,undefined
    fi
    say "building with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
    cmake --build build-asan -j"$jobs"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j2)
    if [ ! -f build-tsan/CMakeCache.txt ]; then
      cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" -DNNLAB_NATIVE=OFF \
        -DNNLAB_SANITIZE=thread
    fi
    say "building the training thread's contract test with ThreadSanitizer (build-tsan/)"
    cmake --build build-tsan -j"$jobs" --target tst_training_thread
    (cd build-tsan && ctest --output-on-failure)
    if [ -x tests/fuzz/run.sh ]; then
      say "replaying the fuzzers' corpora (tests/fuzz/)"
      tests/fuzz/run.sh replay
    fi
    ;;
  -h|--help|help)
    echo "usage: ./run.sh          set up, build and start NN Lab (headless demo when there is no display)"
    echo "       ./run.sh test     set up, build and run every test"
    echo "       ./run.sh sanitize build with AddressSanitizer, UBSan and ThreadSanitizer; run the tests and fuzz corpora"
    ;;
  *)
    echo "usage: ./run.sh [test|sanitize]" >&2; exit 2 ;;
esac
