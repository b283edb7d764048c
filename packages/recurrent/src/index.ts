/** @packageDocumentation RNN, LSTM and GRU layers with PyTorch layouts, bidirectional stacks, seq2seq with attention and an ELMo-style biLM on glossa's tensor layer. */
export {};
