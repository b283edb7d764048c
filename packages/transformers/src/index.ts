/** @packageDocumentation Transformer encoder/decoder layers, GPT, the encoder–decoder translation model and BERT on glossa's tensor layer, with Hugging Face checkpoint import. */
export {};
