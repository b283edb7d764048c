#!/usr/bin/env python3
"""PyTorch CPU peer for bench/recurrent.bench.mjs: nn.LSTM (batch_first) forward+backward of
sum(output) with respect to the input and every parameter, the same shapes as the glossa side.
Prints one JSON object: median wall and CPU ms and tokens/s per layer count, for the given thread count.

    /usr/bin/python3 bench/python/recurrent_lstm.py '{"threads":1,"layers":[1,2],"batch":32,"input":256,"hidden":256,"seq":64}'
"""
import json
import statistics
import sys
import time

import torch

cfg = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
threads = cfg.get('threads', 1)
B, I, H, T = cfg.get('batch', 32), cfg.get('input', 256), cfg.get('hidden', 256), cfg.get('seq', 64)
reps = cfg.get('reps', 5)
torch.set_num_threads(threads)
torch.manual_seed(0)
out = {'torch': torch.__version__, 'threads': threads, 'layers': {}}
for L in cfg.get('layers', [1, 2]):
    m = torch.nn.LSTM(I, H, num_layers=L, batch_first=True)
    x = torch.randn(B, T, I, requires_grad=True)

    def step():
        y, _ = m(x)
        y.sum().backward()

    def fwd():
        with torch.no_grad():
            m(x)

    res = {}
    for name, fn in [('fwdBwd', step), ('fwd', fwd)]:
        fn()
        fn()
        times, cpu = [], []
        for _ in range(reps):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        ms = statistics.median(times) * 1000
        cpu_ms = statistics.median(cpu) * 1000  # all threads of this process
        res[name] = {'ms': ms, 'tokensPerS': B * T / ms * 1000, 'cpuMs': cpu_ms, 'cpuTokensPerS': B * T / cpu_ms * 1000}
    out['layers'][str(L)] = res
print(json.dumps(out))
