"""PyTorch peer for bench/core.bench.mjs matMul variants and the 2-layer MLP step.
Usage: python3 core_matmul.py THREADS -> prints one JSON line (GFLOP/s per variant, MLP ms/step)."""
import json, sys, time
import torch

def rate(fn, flops, reps):
    fn()
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return flops * reps / (time.perf_counter() - t0) / 1e9

def main():
    torch.set_num_threads(int(sys.argv[1]))
    torch.manual_seed(0)
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    out = {"threads": int(sys.argv[1])}
    f = 2 * n**3
    out["matMul 1024"] = rate(lambda: a @ b, f, 10)
    out["matMul 1024 transposeA"] = rate(lambda: a.t() @ b, f, 10)
    out["matMul 1024 transposeB"] = rate(lambda: a @ b.t(), f, 10)
    q, k = torch.randn(64, 128, 32), torch.randn(64, 128, 32)
    out["batched QKᵀ 64×128×32"] = rate(lambda: q @ k.transpose(1, 2), 2 * 64 * 128 * 128 * 32, 20)
    p, v = torch.randn(64, 128, 128), torch.randn(64, 128, 32)
    out["batched PV 64×128×128·128×32"] = rate(lambda: p @ v, 2 * 64 * 128 * 128 * 32, 20)
    x2, w2 = torch.randn(8192, 32), torch.randn(32, 128)
    out["2-D 8192×32·32×128"] = rate(lambda: x2 @ w2, 2 * 8192 * 32 * 128, 20)
    mlp = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(mlp.parameters(), lr=1e-3)
    xb, yb = torch.randn(128, 784), torch.randint(0, 10, (128,))
    def step():
        opt.zero_grad(); torch.nn.functional.cross_entropy(mlp(xb), yb).backward(); opt.step()
    for _ in range(3): step()
    t0 = time.perf_counter()
    for _ in range(50): step()
    out["mlp ms/step"] = (time.perf_counter() - t0) / 50 * 1000
    print(json.dumps(out))

main()
