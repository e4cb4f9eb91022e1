#!/usr/bin/env bash
# The convolutional workload side by side: `nnlab bench --only w5-conv` against the same network trained by
# PyTorch (tools/bench/torch_conv.py, one thread, float32), interleaved in one run, alternating which goes first,
# because this machine's speed drifts by tens of percent within minutes: only the ratio of one run means anything.
#
#   tools/bench/compare_torch.sh [NNLAB_EXE] [ROUNDS]     (defaults: build/app/nnlab, 5 rounds)
#
# Prints the median over rounds of (nnlab samples/s / PyTorch samples/s). Needs Debian's python3-torch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exe=${1:-build/app/nnlab}; rounds=${2:-5}
[ -x "$exe" ] || { echo "compare_torch.sh: no nnlab executable at $exe" >&2; exit 2; }
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "compare_torch.sh: PyTorch is not installed (Debian's python3-torch)" >&2; exit 2; }
exec /usr/bin/python3 - "$exe" "$here/torch_conv.py" "$rounds" <<'PY'
import json, os, statistics, subprocess, sys
exe, script, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMP_NUM_THREADS="1")
def line(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(next(l for l in out.splitlines() if l.startswith("{")))
ours, theirs, ratios = [], [], []
for r in range(rounds):
    if r % 2: o = line([exe, "bench", "--only", "w5-conv"]); t = line(["/usr/bin/python3", script])
    else: t = line(["/usr/bin/python3", script]); o = line([exe, "bench", "--only", "w5-conv"])
    ours.append(o["samples_per_s"]); theirs.append(t["samples_per_s"]); ratios.append(ours[-1] / theirs[-1])
print(f"w5-conv: nnlab {statistics.median(ours):,.0f} samples/s, {t['peer']} (1 thread) "
      f"{statistics.median(theirs):,.0f} samples/s")
print(f"nnlab/pytorch (median of {rounds} interleaved rounds): {statistics.median(ratios):.2f}x "
      f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
print(f"final loss: nnlab {o['final_loss']:.4f}, pytorch {t['final_loss']:.4f}")
PY
