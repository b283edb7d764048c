"""BERT pre-training in PyTorch on the batches bench/bert-pretrain.bench.mjs dumps (--dump DIR): the same
model (HF BERT, post-norm, GELU, tied MLM decoder + bias, NSP on the tanh pooler), the same init
(N(0, init) for matrices and embeddings, padding row zero, zero biases, LayerNorm 1/0), the same optimizer
(AdamW betas (0.9, 0.98), weight decay 0.01 on tensors of rank >= 2, global norm clip 1), the same
schedule (linear warm-up over `warmup` steps, then linear decay over `steps` with a floor of 5 %) and the
same evaluation (masked-token accuracy on every selected position of the dumped valid batches vs the
unigram baseline, NSP accuracy). A peer to diagnose glossa's run and to try recipes cheaply, never in CI.

    node bench/bert-pretrain.bench.mjs --dump /tmp/bert-dump --dump-batches 2000 [same settings as the run]
    python3 bench/python/bert_pretrain.py /tmp/bert-dump [--steps 2000] [--lr 1e-3] [--init 0.02]
        [--dropout 0.1] [--eval-every 100] [--threads 2] [--seed 0] [--grads-out FILE]
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_batches(path):
    a = np.fromfile(path, dtype=np.int32)
    out, i = [], 0
    while i < len(a):
        B, T = int(a[i]), int(a[i + 1])
        i += 2
        parts = []
        for _ in range(4):
            parts.append(torch.from_numpy(a[i:i + B * T].reshape(B, T).astype(np.int64)))
            i += B * T
        nsp = torch.from_numpy(a[i:i + B].astype(np.int64))
        i += B
        out.append(dict(ids=parts[0], types=parts[1], mask=parts[2], labels=parts[3], nsp=nsp))
    return out


class Layer(nn.Module):
    def __init__(s, H, N, I, p, eps):
        super().__init__()
        s.N, s.p = N, p
        s.q, s.k, s.v, s.o = (nn.Linear(H, H) for _ in range(4))
        s.ln1, s.ln2 = nn.LayerNorm(H, eps=eps), nn.LayerNorm(H, eps=eps)
        s.fc1, s.fc2 = nn.Linear(H, I), nn.Linear(I, H)

    def forward(s, x, ext):
        B, T, H = x.shape
        heads = lambda t: t.view(B, T, s.N, H // s.N).transpose(1, 2)  # noqa: E731
        q, k, v = heads(s.q(x)), heads(s.k(x)), heads(s.v(x))
        att = (q @ k.transpose(-1, -2) / math.sqrt(H // s.N) + ext).softmax(-1)
        att = F.dropout(att, s.p, s.training)
        ctx = (att @ v).transpose(1, 2).reshape(B, T, H)
        a = s.ln1(x + F.dropout(s.o(ctx), s.p, s.training))
        return s.ln2(a + F.dropout(s.fc2(F.gelu(s.fc1(a))), s.p, s.training))


class Bert(nn.Module):
    def __init__(s, V, H, L, N, T, p, pad, eps=1e-12):
        super().__init__()
        s.p, s.pad = p, pad
        s.word = nn.Embedding(V, H, padding_idx=pad)
        s.pos, s.typ = nn.Embedding(T, H), nn.Embedding(2, H)
        s.ln = nn.LayerNorm(H, eps=eps)
        s.layers = nn.ModuleList(Layer(H, N, 4 * H, p, eps) for _ in range(L))
        s.pool = nn.Linear(H, H)
        s.tdense, s.tln = nn.Linear(H, H), nn.LayerNorm(H, eps=eps)
        s.bias = nn.Parameter(torch.zeros(V))
        s.nsp = nn.Linear(H, 2)

    def init(s, std, gen):
        with torch.no_grad():
            for m in s.modules():
                if isinstance(m, (nn.Linear, nn.Embedding)):
                    m.weight.normal_(0, std, generator=gen)
                    if isinstance(m, nn.Linear):
                        m.bias.zero_()
                elif isinstance(m, nn.LayerNorm):
                    m.weight.fill_(1.0)
                    m.bias.zero_()
            s.bias.zero_()
            s.word.weight[s.pad].zero_()

    def forward(s, b):
        ids, types, mask = b['ids'], b['types'], b['mask']
        T = ids.shape[1]
        x = s.word(ids) + s.pos.weight[:T] + s.typ(types)
        x = F.dropout(s.ln(x), s.p, s.training)
        ext = (1.0 - mask.float())[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in s.layers:
            x = layer(x, ext)
        sel = b['labels'] != -100
        h = x[sel]
        mlm = s.tln(F.gelu(s.tdense(h))) @ s.word.weight.t() + s.bias
        nsp = s.nsp(torch.tanh(s.pool(x[:, 0])))
        return mlm, b['labels'][sel], nsp


def evaluate(model, batches, top):
    model.eval()
    c = u = n = nc = npairs = 0
    with torch.no_grad():
        for b in batches:
            mlm, lab, nsp = model(b)
            c += (mlm.argmax(-1) == lab).sum().item()
            u += (lab == top).sum().item()
            n += lab.numel()
            nc += (nsp.argmax(-1) == b['nsp']).sum().item()
            npairs += b['nsp'].numel()
    model.train()
    return c / n, u / n, nc / npairs, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dump')
    ap.add_argument('--steps', type=int)
    ap.add_argument('--lr', type=float)
    ap.add_argument('--warmup', type=int)
    ap.add_argument('--init', type=float)
    ap.add_argument('--dropout', type=float)
    ap.add_argument('--wd', type=float, default=0.01)
    ap.add_argument('--layers', type=int)
    ap.add_argument('--eval-every', type=int, default=100)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--no-nsp', action='store_true', help='MLM loss only (NSP head still evaluated)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    meta = json.load(open(os.path.join(args.dump, 'meta.json')))
    S = meta['settings']
    lr = args.lr if args.lr is not None else S['lr']
    warmup = args.warmup if args.warmup is not None else S['warmup']
    std = args.init if args.init is not None else S['init']
    p = args.dropout if args.dropout is not None else S.get('dropout', 0.1)
    train = read_batches(os.path.join(args.dump, 'train.i32'))
    valid = read_batches(os.path.join(args.dump, 'valid.i32'))
    steps = args.steps or len(train)
    torch.manual_seed(args.seed)
    layers = args.layers or S['layers']
    model = Bert(meta['vocabSize'], S['width'], layers, S['heads'], S['seq'], p, meta['pad'])
    model.init(std, torch.Generator().manual_seed(args.seed))
    decay = [w for w in model.parameters() if w.dim() >= 2]
    rest = [w for w in model.parameters() if w.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': args.wd}, {'params': rest, 'weight_decay': 0.0}],
                            lr=lr, betas=(0.9, 0.98))
    sched = lambda s: min(1, (s + 1) / warmup) * max(0.05, 1 - s / steps)  # noqa: E731
    print(f'settings {json.dumps(S)} lr {lr} warmup {warmup} init {std} dropout {p} steps {steps} '
          f'layers {layers} params {sum(w.numel() for w in model.parameters())}', flush=True)
    t0 = time.time()
    acc_loss = 0.0
    for step in range(steps):
        b = train[step % len(train)]
        for g in opt.param_groups:
            g['lr'] = lr * sched(step)
        mlm, lab, nsp = model(b)
        loss = F.cross_entropy(mlm, lab)
        if not args.no_nsp:
            loss = loss + F.cross_entropy(nsp, b['nsp'])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        acc_loss += loss.item()
        if (step + 1) % 25 == 0:
            print(f'step {step + 1}: loss {acc_loss / 25:.3f} (mean of 25), {(time.time() - t0) / (step + 1):.3f} s/step',
                  flush=True)
            acc_loss = 0.0
        if args.eval_every and (step + 1) % args.eval_every == 0:
            a, u, nspa, n = evaluate(model, valid, meta['unigramTop'])
            print(f'step {step + 1}: valid masked acc {a:.4f} (unigram {u:.4f}, {n} tokens), NSP {nspa:.3f}', flush=True)
    a, u, nspa, n = evaluate(model, valid, meta['unigramTop'])
    print('RESULT', json.dumps(dict(steps=steps, lr=lr, warmup=warmup, init=std, dropout=p, maskedTokenAccuracy=a,
                                    unigramBaselineAccuracy=u, nspAccuracy=nspa, validMaskedTokens=n,
                                    secondsPerStep=round((time.time() - t0) / steps, 4))), flush=True)


if __name__ == '__main__':
    main()
