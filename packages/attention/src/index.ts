/** @packageDocumentation Scaled dot-product, multi-head (PyTorch layout), additive and Luong attention, masks, KV cache, RoPE and ALiBi on @glossa/core. */
export {};
