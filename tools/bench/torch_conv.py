#!/usr/bin/python3
"""The w5-conv workload of `nnlab bench` in PyTorch, for the speed comparison (tools/bench/compare_torch.sh).

The same network, data and settings: the 1,797 bundled 8x8 digits (pixels / 16), conv 3x3x8 padding 1 + ReLU,
max pool 2, a dense layer to 10 logits, softmax cross-entropy (mean), Adam lr 1e-3, mini-batches of 32 in a new
shuffled order each epoch, 20 epochs, one thread, float32 (PyTorch's default). The timed part is the training loop
alone, as in `nnlab bench`. Prints one JSON line like nnlab's: {"name": "w5-conv", "samples_per_s": ...}.
Needs Debian's python3-torch (run with /usr/bin/python3).
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
csv = os.path.join(here, "..", "..", "resources", "datasets", "digits-8x8.csv")
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20

torch.set_num_threads(1)
torch.manual_seed(1)
rows = [list(map(float, line.split(","))) for line in open(csv) if line.strip()]
X = torch.tensor([r[:64] for r in rows], dtype=torch.float32).reshape(-1, 1, 8, 8) / 16.0
y = torch.tensor([int(r[64]) for r in rows])

model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(8 * 4 * 4, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
n, batch = X.shape[0], 32

start = time.perf_counter()
for epoch in range(epochs):
    order = torch.randperm(n)
    for s in range(0, n, batch):
        idx = order[s:s + batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
seconds = time.perf_counter() - start

with torch.no_grad():
    logits = model(X)
    final = F.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(1) == y).float().mean().item()
print(json.dumps({"name": "w5-conv", "peer": "pytorch " + torch.__version__, "threads": torch.get_num_threads(),
                  "samples_per_s": epochs * n / seconds, "seconds": seconds, "final_loss": final,
                  "final_accuracy": accuracy}))
