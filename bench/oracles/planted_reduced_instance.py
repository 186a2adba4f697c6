#!/usr/bin/python3
"""A planted degenerate reduced problem from a seed: 2-3 random small-integer inputs plus a parallel copy, an
antiparallel copy, a duplicate (its label cancelling on most seeds), sometimes a zero input and (d = 3) the sum of two
inputs, so that three samples share a kink line. Relu or leaky (1/10, 1/3); depth 2 or 3. JSON instance on stdout."""
import json, random, sys
seed = int(sys.argv[1]); rng = random.Random(seed)
d = rng.choice([2, 2, 3])
base = []
for _ in range(rng.choice([2, 3])):
    while True:
        x = [rng.randint(-3, 3) for _ in range(d)]
        if any(x): break
    base.append(x)
xs, ys = [], []
for x in base: xs.append(x); ys.append(rng.choice([-2, -1, 1, 2, 3]))
# planted: parallel copy, antiparallel copy, duplicate with cancelling label, maybe zero input
k = rng.randrange(len(base)); xs.append([2 * t for t in base[k]]); ys.append(rng.choice([-3, -1, 1, 2]))
k = rng.randrange(len(base)); xs.append([-t for t in base[k]]); ys.append(rng.choice([-2, -1, 1, 2]))
k = rng.randrange(len(base)); xs.append(base[k][:]); ys.append(-ys[k] if rng.random() < 0.6 else rng.choice([-1, 1]))
if rng.random() < 0.4: xs.append([0] * d); ys.append(1)
if d == 3 and rng.random() < 0.5:  # a sample in the span of two others: three kinks on one line
    a, b = rng.sample(range(len(base)), 2); xs.append([base[a][j] + base[b][j] for j in range(d)]); ys.append(rng.choice([-1, 1]))
act = rng.choice(['relu', 'relu', 'leaky:1/10', 'leaky:1/3', 'leaky:1/4'])
L = rng.choice([2, 2, 3])
widths = [d] + [rng.choice([1, 2])] * (L - 1) + [1]
print(json.dumps({"name": f"planted-{seed}", "inputs": [[str(t) for t in x] for x in xs], "labels": [str(t) for t in ys],
                  "network": {"widths": widths, "activation": act}}))
