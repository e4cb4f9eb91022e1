#!/usr/bin/env bash
# The fuzz harnesses of tests/fuzz: build them, replay their corpora, or fuzz each one in turn.
#   tests/fuzz/run.sh build            configure (first time) and build build-fuzz/ with clang and libFuzzer
#   tests/fuzz/run.sh replay           build, then run every corpus once; non-zero exit when any input fails
#   tests/fuzz/run.sh fuzz SECONDS     build, then fuzz each target SECONDS in turn, one at a time, and merge the
#                                      new inputs into tests/fuzz/corpus/<target>/ (minimised); crashes land in
#                                      build-fuzz/artifacts/<target>/
#   tests/fuzz/run.sh minimize         build, then minimise every corpus as `fuzz` does after its runs
# Everything runs under nice -n 19 with one job: the fuzzers share the machine.
# Needs the Debian packages clang and libclang-rt-14-dev on top of what ./run.sh installs.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGETS=(project_file csv_import idx_loader lesson_file lesson_setup)
BUILD=build-fuzz
CORPUS=tests/fuzz/corpus
# An input may take at most 10 s and 2 GiB; a single malloc above 2 GiB is reported as a failure too.
LIMITS=(-rss_limit_mb=2048 -timeout=10)
# Undefined behaviour aborts the run (-fno-sanitize-recover); say where it came from.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

say() { printf '\033[1mfuzz:\033[0m %s\n' "$*"; }

build() {
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    nice -n 19 cmake -S tests/fuzz -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  nice -n 19 cmake --build "$BUILD" -j1
}

replay() {
  local failed=()
  for t in "${TARGETS[@]}"; do
    say "replaying $CORPUS/$t"
    if ! nice -n 19 "$BUILD/fuzz_$t" -runs=0 "${LIMITS[@]}" "$CORPUS/$t"; then failed+=("$t"); fi
  done
  if [ ${#failed[@]} -gt 0 ]; then say "FAILED: ${failed[*]}"; return 1; fi
  say "every corpus replays cleanly"
}

# Minimises corpus/<target> together with the new inputs in $2 (optional): only the inputs that reach a new edge stay
# (-use_counters=0: hit counts do not count, which keeps the committed corpus to a few hundred files at most).
# The hand-written seeds (seed-*) and crash reproducers (repro-*) always stay.
merge() {
  local t=$1 work=${2:-} merged="$BUILD/merged/$1" f
  rm -rf "$merged"
  mkdir -p "$merged"
  if ! nice -n 19 "$BUILD/fuzz_$t" -merge=1 -use_counters=0 "${LIMITS[@]}" "$merged" "$CORPUS/$t" ${work:+"$work"} \
    >"$BUILD/merge_$t.log" 2>&1; then
    say "merging into $CORPUS/$t failed (see $BUILD/merge_$t.log); the corpus is left as it was"
    return 0
  fi
  for f in "$CORPUS/$t"/*; do
    case "${f##*/}" in
      seed-* | repro-*) rm -f "$merged/$(sha1sum "$f" | cut -d' ' -f1)" ;;  # merge names its copies by SHA-1
      *) rm -f "$f" ;;
    esac
  done
  cp -rp "$merged/." "$CORPUS/$t/"
  say "$CORPUS/$t: $(find "$CORPUS/$t" -type f | wc -l) files, $(du -sh "$CORPUS/$t" | cut -f1)"
}

fuzz() {
  local seconds=$1 failed=()
  for t in "${TARGETS[@]}"; do
    local work="$BUILD/work/$t" artifacts="$BUILD/artifacts/$t/"
    rm -rf "$work"
    mkdir -p "$work" "$artifacts"
    say "fuzzing $t for $seconds s (new inputs in $work, crashes in $artifacts)"
    local rc=0 log="$BUILD/fuzz_$t.log" dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    nice -n 19 "$BUILD/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 "${LIMITS[@]}" "${dict[@]}" \
      -artifact_prefix="$artifacts" "$work" "$CORPUS/$t" >"$log" 2>&1 || rc=$?
    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY|Test unit written' "$log" || true
    merge "$t" "$work"
    if [ "$rc" -ne 0 ]; then failed+=("$t"); say "$t FAILED (exit $rc): see $BUILD/fuzz_$t.log and $artifacts"; fi
  done
  if [ ${#failed[@]} -gt 0 ]; then say "FAILED: ${failed[*]}"; return 1; fi
}

case "${1:-}" in
  build) build ;;
  replay) build; replay ;;
  fuzz)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: $0 fuzz SECONDS" >&2; exit 2; }
    build; fuzz "$2" ;;
  minimize) build; for t in "${TARGETS[@]}"; do merge "$t"; done ;;
  *) echo "usage: $0 build | replay | fuzz SECONDS | minimize" >&2; exit 2 ;;
esac
