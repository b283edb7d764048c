"""PyTorch peer of bench/core-lm-model.mjs: the same Transformer LM training step, tokens/s.
Usage: python3 core_lm.py THREADS STEPS  -> prints one JSON line."""
import json, math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, H, L, FF, T, B = 256, 128, 4, 2, 512, 128, 16


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.o = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.w1, self.w2 = nn.Linear(D, FF), nn.Linear(FF, D)

    def forward(self, x, mask):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=-1)
        q, k, v = (z.view(b, t, H, D // H).transpose(1, 2) for z in (q, k, v))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D // H) + mask, dim=-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(b, t, D))
        return x + self.w2(F.gelu(self.w1(self.ln2(x))))


class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, D), nn.Parameter(torch.randn(T, D) * 0.02)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.lnf, self.head = nn.LayerNorm(D), nn.Linear(D, V)
        self.register_buffer("mask", torch.triu(torch.full((T, T), -1e9), 1))

    def forward(self, ids):
        x = self.tok(ids) + self.pos
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.head(self.lnf(x))


def main():
    threads, steps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = LM()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    data = torch.randint(0, V, (B, T + 1))
    ids, targets = data[:, :-1], data[:, 1:]

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(ids).reshape(-1, V), targets.reshape(-1))
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(2):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    dt = time.perf_counter() - t0
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"threads": threads, "params": params, "tokens_per_s": B * T * steps / dt, "ms_per_step": dt / steps * 1000}))


main()
