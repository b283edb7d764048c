"""PyTorch peer of bench/gpt-shakespeare.bench.mjs: nanoGPT's model.py (bias=False) and train.py loop
with the CPU "baby GPT" settings of config/train_shakespeare_char.py, character-level Tiny Shakespeare.

    python3 gpt_shakespeare.py --data DIR --seed 0 --iters 2000 --threads 1 [--speed N]  -> one JSON line

- model: 4 layers, 4 heads, width 128, context 64, no biases (LayerNorm without bias), dropout 0,
  lm_head tied to wte, nanoGPT's init (N(0, 0.02), c_proj N(0, 0.02/sqrt(2 n_layer)));
- data: vocabulary = sorted characters of tinyshakespeare.txt (65); batches of 12 random windows of
  tinyshakespeare.train.txt (torch.Generator seeded with --seed);
- AdamW lr 1e-3, betas (0.9, 0.99), weight decay 0.1 on matrices only (nanoGPT's groups), gradient
  norm clipped to 1.0; lr: linear warm-up over 100 steps from 0, then cosine to 1e-4 at --iters
  (core's cosineWithWarmup, the same numbers glossa uses);
- evaluation: mean cross-entropy over every character of tinyshakespeare.valid.txt, in consecutive
  non-overlapping windows of 64 (the last one shorter), as glossa evaluates.
--speed N: instead of training to the end, time N steps after 5 warm-up steps (tokens/s).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
from torch.nn import functional as F

N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, WD, BETAS, CLIP = 1e-3, 1e-4, 100, 0.1, (0.9, 0.99), 1.0


class LayerNorm(nn.Module):
    """nanoGPT's LayerNorm with an optional bias (PyTorch 1.13's nn.LayerNorm cannot drop it)."""

    def __init__(self, ndim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, None, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_attn = nn.Linear(N_EMBD, 3 * N_EMBD, bias=False)
        self.c_proj = nn.Linear(N_EMBD, N_EMBD, bias=False)
        self.register_buffer('bias', torch.tril(torch.ones(BLOCK, BLOCK)).view(1, 1, BLOCK, BLOCK))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(N_EMBD, dim=2)
        k = k.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        q = q.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        v = v.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
        y = F.softmax(att, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc = nn.Linear(N_EMBD, 4 * N_EMBD, bias=False)
        self.c_proj = nn.Linear(4 * N_EMBD, N_EMBD, bias=False)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = LayerNorm(N_EMBD), CausalSelfAttention(), LayerNorm(N_EMBD), MLP()

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab, N_EMBD), wpe=nn.Embedding(BLOCK, N_EMBD),
            h=nn.ModuleList([Block() for _ in range(N_LAYER)]), ln_f=LayerNorm(N_EMBD)))
        self.lm_head = nn.Linear(N_EMBD, vocab, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                torch.nn.init.normal_(m.weight, mean=0.0, std=0.02)
        for pn, p in self.named_parameters():
            if pn.endswith('c_proj.weight'):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * N_LAYER))

    def forward(self, idx, targets=None):
        t = idx.size(1)
        pos = torch.arange(0, t, dtype=torch.long)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        if targets is None:
            return logits, None
        return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)


def lr_at(step, iters):
    warmup = min(WARMUP, iters)  # short runs (--iters < 100) warm up over all their steps
    if step < warmup:
        return LR * step / warmup
    progress = 1.0 if iters == warmup else min(1.0, (step - warmup) / (iters - warmup))
    return MIN_LR + (LR - MIN_LR) * 0.5 * (1 + math.cos(math.pi * progress))


@torch.no_grad()
def evaluate(model, ids):
    """Mean loss over every next-character target of `ids`, in non-overlapping windows of BLOCK."""
    model.eval()
    n = len(ids) - 1
    total, count, rows = 0.0, 0, 64
    starts = list(range(0, n, BLOCK))
    for i in range(0, len(starts), rows):
        xs, ys = [], []
        for s in starts[i:i + rows]:
            L = min(BLOCK, n - s)
            x = torch.zeros(BLOCK, dtype=torch.long)
            y = torch.full((BLOCK,), -1, dtype=torch.long)
            x[:L] = ids[s:s + L]
            y[:L] = ids[s + 1:s + 1 + L]
            xs.append(x)
            ys.append(y)
        x, y = torch.stack(xs), torch.stack(ys)
        logits, _ = model(x)
        total += float(F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1, reduction='sum'))
        count += int((y >= 0).sum())
    model.train()
    return total / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--iters', type=int, default=2000)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--speed', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    read = lambda name: open(os.path.join(a.data, name), encoding='utf-8').read()  # noqa: E731
    chars = sorted(set(read('tinyshakespeare.txt')))
    stoi = {c: i for i, c in enumerate(chars)}
    encode = lambda s: torch.tensor([stoi[c] for c in s], dtype=torch.long)  # noqa: E731
    train, valid = encode(read('tinyshakespeare.train.txt')), encode(read('tinyshakespeare.valid.txt'))
    model = GPT(len(chars))
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': WD}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=LR, betas=BETAS)
    g = torch.Generator().manual_seed(a.seed)

    def step(it, iters):
        ix = torch.randint(len(train) - BLOCK, (BATCH,), generator=g)
        x = torch.stack([train[i:i + BLOCK] for i in ix])
        y = torch.stack([train[i + 1:i + 1 + BLOCK] for i in ix])
        for group in opt.param_groups:
            group['lr'] = lr_at(it, iters)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        return loss.item()

    if a.speed:
        for it in range(5):
            step(it, 2000)
        t0, c0 = time.perf_counter(), time.process_time()
        for it in range(5, 5 + a.speed):
            step(it, 2000)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(json.dumps({'threads': a.threads, 'steps': a.speed, 'msPerStep': 1000 * dt / a.speed,
                          'tokensPerSec': a.speed * BATCH * BLOCK / dt, 'cpuSeconds': cpu,
                          'tokensPerCpuSec': a.speed * BATCH * BLOCK / cpu}))
        return
    params = sum(p.numel() for p in model.parameters())
    t0, c0 = time.perf_counter(), time.process_time()
    first = last = None
    for it in range(a.iters):
        last = step(it, a.iters)
        first = last if first is None else first
        if (it + 1) % 200 == 0:  # progress on stderr (the bench passes it through)
            print(f'  PyTorch seed {a.seed}: step {it + 1}/{a.iters}, loss {last:.3f}, '
                  f'{time.perf_counter() - t0:.0f} s', file=sys.stderr, flush=True)
    train_s, train_cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    val = evaluate(model, valid)
    print(json.dumps({'seed': a.seed, 'iters': a.iters, 'threads': a.threads, 'params': params, 'vocab': len(chars),
                      'firstLoss': first, 'lastLoss': last, 'valLoss': val, 'trainSeconds': train_s, 'trainCpuSeconds': train_cpu,
                      'evalSeconds': time.perf_counter() - t1, 'msPerIter': 1000 * train_s / a.iters,
                      'tokensPerSec': a.iters * BATCH * BLOCK / train_s}))


if __name__ == '__main__':
    main()
