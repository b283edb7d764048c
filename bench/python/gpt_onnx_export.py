"""Weights and ONNX graphs for bench/gpt-inference.bench.mjs: a nanoGPT-structured GPT with random weights
(seeded), written twice from the same tensors:

- DIR/glossa/config.json + model.safetensors: glossa's own layout (GPTConfig names, Linear weights
  [out, in], no tied lm_head), read by GPT.fromPretrained;
- DIR/model.onnx (torch.onnx.export, opset 14) with past key values:
    inputs  input_ids int64 [B, T], past_keys / past_values float32 [L, B, H, P, D] (P may be 0)
    outputs logits float32 [B, V] (last position only), present_keys / present_values [L, B, H, P + T, D]
  positions P…P+T−1 and the causal mask over the whole prefix are computed in the graph, so one graph
  does the prefill (P = 0) and every cached step (T = 1).

    python3 gpt_onnx_export.py DIR baby|gpt2-small   -> one JSON line (parameters, seconds, file sizes)

baby: vocab 65, 4 layers, 4 heads, width 128, context 64, no biases (the Shakespeare bench's model);
gpt2-small: vocab 50,257, 12 layers, 12 heads, width 768, context 1024, biases (124M parameters).
Both use the tanh GELU (gelu_new) and LayerNorm eps 1e-5, as GPT-2.
"""
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
from torch.nn import functional as F

SHAPES = {
    'baby': dict(vocab=65, layers=4, heads=4, width=128, context=64, bias=False),
    'gpt2-small': dict(vocab=50257, layers=12, heads=12, width=768, context=1024, bias=True),
}


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class LayerNorm(nn.Module):
    def __init__(self, n, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        E, b = c['width'], c['bias']
        self.ln_1, self.ln_2 = LayerNorm(E, b), LayerNorm(E, b)
        self.attn = nn.Module()
        self.attn.c_attn, self.attn.c_proj = nn.Linear(E, 3 * E, bias=b), nn.Linear(E, E, bias=b)
        self.mlp = nn.Module()
        self.mlp.c_fc, self.mlp.c_proj = nn.Linear(E, 4 * E, bias=b), nn.Linear(4 * E, E, bias=b)
        self.H = c['heads']

    def forward(self, x, pk, pv, allowed):
        B, T, C = x.shape
        H = self.H
        q, k, v = self.attn.c_attn(self.ln_1(x)).split(C, dim=2)
        heads = lambda t: t.view(B, T, H, C // H).transpose(1, 2)  # noqa: E731
        q, k, v = heads(q), heads(k), heads(v)
        k = torch.cat([pk, k], dim=2)
        v = torch.cat([pv, v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H))
        att = att.masked_fill(~allowed, float('-inf'))
        y = (F.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(B, T, C)
        x = x + self.attn.c_proj(y)
        return x + self.mlp.c_proj(gelu_new(self.mlp.c_fc(self.ln_2(x)))), k, v


class GPT(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(c['vocab'], c['width'])
        self.transformer.wpe = nn.Embedding(c['context'], c['width'])
        self.transformer.h = nn.ModuleList([Block(c) for _ in range(c['layers'])])
        self.transformer.ln_f = LayerNorm(c['width'], c['bias'])

    def forward(self, input_ids, past_keys, past_values):
        B, T = input_ids.shape
        P = past_keys.shape[3]
        pos = torch.arange(T, dtype=torch.long) + P
        x = self.transformer.wte(input_ids) + self.transformer.wpe(pos)
        # query i (absolute P + i) may see key j when j <= P + i
        allowed = torch.arange(P + T, dtype=torch.long)[None, :] <= pos[:, None]
        ks, vs = [], []
        for i, block in enumerate(self.transformer.h):
            x, k, v = block(x, past_keys[i], past_values[i], allowed)
            ks.append(k)
            vs.append(v)
        h = self.transformer.ln_f(x[:, -1, :])
        logits = h @ self.transformer.wte.weight.t()
        return logits, torch.stack(ks), torch.stack(vs)


def write_safetensors(path, tensors):
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for name in sorted(tensors):
        raw = tensors[name].detach().contiguous().float().numpy().tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(tensors[name].shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as fh:
        fh.write(struct.pack('<Q', len(h)))
        fh.write(h)
        for b in blobs:
            fh.write(b)


def main(out, shape):
    c = SHAPES[shape]
    torch.manual_seed(0)
    model = GPT(c).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('ln_1.weight') or name.endswith('ln_2.weight') or name.endswith('ln_f.weight'):
                continue
            p.normal_(0, 0.1)  # larger than GPT-2's 0.02, so that greedy tokens vary (a stronger agreement check)
    os.makedirs(os.path.join(out, 'glossa'), exist_ok=True)
    state = {k: v for k, v in model.state_dict().items()}
    write_safetensors(os.path.join(out, 'glossa', 'model.safetensors'), state)
    config = dict(vocabSize=c['vocab'], blockSize=c['context'], nLayer=c['layers'], nHead=c['heads'],
                  nEmbd=c['width'], bias=c['bias'], tieWeights=True, dropout=0, activation='gelu_tanh')
    with open(os.path.join(out, 'glossa', 'config.json'), 'w') as fh:
        json.dump(config, fh, indent=2)
    L, H, D = c['layers'], c['heads'], c['width'] // c['heads']
    ids = torch.randint(0, c['vocab'], (1, 4))
    past = torch.zeros(L, 1, H, 3, D)
    t0 = time.perf_counter()
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, past, past.clone()), os.path.join(out, 'model.onnx'),
            input_names=['input_ids', 'past_keys', 'past_values'],
            output_names=['logits', 'present_keys', 'present_values'],
            dynamic_axes={'input_ids': {0: 'batch', 1: 'seq'},
                          'past_keys': {1: 'batch', 3: 'past'}, 'past_values': {1: 'batch', 3: 'past'},
                          'logits': {0: 'batch'},
                          'present_keys': {1: 'batch', 3: 'total'}, 'present_values': {1: 'batch', 3: 'total'}},
            opset_version=14, do_constant_folding=True)
    export_s = time.perf_counter() - t0
    # Reference: greedy tokens of a fixed prompt, for the bench to check that every runtime agrees.
    prompt = [(7 * i + 3) % c['vocab'] for i in range(16 if shape == 'baby' else 32)]
    with torch.no_grad():
        seq = list(prompt)
        pk = torch.zeros(L, 1, H, 0, D)
        pv = pk.clone()
        x = torch.tensor([seq])
        for _ in range(8):
            logits, pk, pv = model(x, pk, pv)
            nxt = int(logits[0].argmax())
            seq.append(nxt)
            x = torch.tensor([[nxt]])
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({'shape': shape, 'params': params, 'exportSeconds': export_s, 'prompt': prompt,
                      'greedy': seq[len(prompt):], 'onnxBytes': os.path.getsize(os.path.join(out, 'model.onnx')),
                      'torch': torch.__version__}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'baby')
