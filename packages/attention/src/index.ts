/**
 * @packageDocumentation
 * Attention for glossa: scaled dot-product and multi-head attention (PyTorch layout), masks,
 * KV cache, RoPE and ALiBi, sliding-window and Linformer variants, Bahdanau and Luong attention.
 */

export * from './additive-attention';
export * from './alibi';
export * from './cross-attention-cache';
export * from './kv-cache';
export * from './luong-attention';
export * from './masked-softmax';
export * from './masks';
export * from './multi-head-attention';
export * from './rotary';
export * from './scaled-dot-product-attention';
export * from './sliding-window-attention';
