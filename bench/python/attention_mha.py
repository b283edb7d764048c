#!/usr/bin/env python3
"""PyTorch CPU peer for bench/attention.bench.mjs: nn.MultiheadAttention forward+backward and
KV-cached decoding, same shapes as the glossa side. Prints one JSON object on stdout.

    /usr/bin/python3 bench/python/attention_mha.py '{"batch":8,"heads":8,"dModel":256,"seqs":[128,512,1024],"threads":[1,2]}'
"""
import json
import sys
import time

import torch

cfg = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
B = cfg.get('batch', 8)
H = cfg.get('heads', 8)
E = cfg.get('dModel', 256)
seqs = cfg.get('seqs', [128, 512, 1024])
threads = cfg.get('threads', [1, 2])
decode_lens = cfg.get('decodeLens', [128, 512, 1024, 2048])
reps = cfg.get('reps', 3)


def best(fn, n):
    fn()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


out = {'torch': torch.__version__, 'fwdBwd': {}, 'decode': {}}
torch.manual_seed(0)
for th in threads:
    torch.set_num_threads(th)
    res = {}
    for T in seqs:
        m = torch.nn.MultiheadAttention(E, H, batch_first=True)
        x = torch.randn(B, T, E, requires_grad=True)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)

        def step():
            y, _ = m(x, x, x, attn_mask=mask, need_weights=False)
            y.sum().backward()

        res[str(T)] = best(step, reps if T < 1024 else max(1, reps - 1))
    out['fwdBwd'][str(th)] = res

# KV-cached decoding, one token at a time, B=1 (the same projections and cache concat as glossa).
torch.set_num_threads(1)
m = torch.nn.MultiheadAttention(E, H, batch_first=True)
Dh = E // H
Wq, Wk, Wv = m.in_proj_weight.detach().chunk(3)
bq, bk, bv = m.in_proj_bias.detach().chunk(3)
with torch.no_grad():
    for L in decode_lens:
        k = torch.randn(1, H, L, Dh)
        v = torch.randn(1, H, L, Dh)
        x = torch.randn(1, 1, E)

        def one():
            q = (x @ Wq.T + bq).view(1, 1, H, Dh).transpose(1, 2)
            kk = torch.cat([k, (x @ Wk.T + bk).view(1, 1, H, Dh).transpose(1, 2)], 2)
            vv = torch.cat([v, (x @ Wv.T + bv).view(1, 1, H, Dh).transpose(1, 2)], 2)
            w = (q @ kk.transpose(-1, -2) / Dh ** 0.5).softmax(-1)
            return m.out_proj((w @ vv).transpose(1, 2).reshape(1, 1, E))

        n = 20
        t = best(lambda: [one() for _ in range(n)], 2) / n
        out['decode'][str(L)] = t
print(json.dumps(out))
