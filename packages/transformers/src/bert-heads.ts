/**
 * BERT's task heads on {@link BertModel}, with HF's module names: `BertForMaskedLM` (`cls.predictions`,
 * decoder tied to the word embeddings), `BertForNextSentencePrediction` (`cls.seq_relationship`),
 * `BertForPreTraining` (both), `BertForSequenceClassification` and `BertForTokenClassification`
 * (`classifier`). Losses follow HF: labels `-100` are ignored; NSP label 0 = "B follows A".
 */
import {
  type ActivationFn,
  crossEntropy,
  Dropout,
  type Generator,
  getActivation,
  getDefaultGenerator,
  LayerNorm,
  Linear,
  Module,
  type PretrainedSource,
  type SavedPretrained,
} from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BertFreezing, type BertInputs, BertModel } from './bert';
import { BERT_ACTIVATIONS, BertConfig, type BertConfigOptions } from './bert-config';
import { initBertWeights } from './bert-init';
import {
  type BertFromPretrainedOptions,
  type BertSavePretrainedOptions,
  bertFromPretrained,
  bertSavePretrained,
} from './bert-pretrained';

/** Options of every BERT class's constructor. */
export interface BertHeadOptions {
  generator?: Generator;
}

const config = (c: BertConfig | BertConfigOptions) => (c instanceof BertConfig ? c : new BertConfig(c));
const IGNORE = -100;

/** `LayerNorm(act(dense(h)))`: HF's `BertPredictionHeadTransform`. */
export class BertPredictionHeadTransform extends Module {
  readonly dense: Linear;
  readonly LayerNorm: LayerNorm;
  private readonly act: ActivationFn;

  constructor(c: BertConfig, generator: Generator) {
    super();
    const H = c.hidden_size;
    this.dense = this.registerModule('dense', new Linear({ inFeatures: H, outFeatures: H, generator }));
    this.LayerNorm = this.registerModule(
      'LayerNorm',
      new LayerNorm({ normalizedShape: H, eps: c.layer_norm_eps }),
    );
    this.act = getActivation(BERT_ACTIVATIONS[c.hidden_act]);
  }

  forward(h: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.LayerNorm.forward(this.act(this.dense.forward(h))));
  }
}

/** HF's `BertLMPredictionHead`: the transform, then the word embeddings transposed (tied) plus `bias`. */
export class BertLMPredictionHead extends Module {
  readonly transform: BertPredictionHeadTransform;
  readonly bias: tf.Variable;

  constructor(
    c: BertConfig,
    private readonly wordEmbeddings: () => tf.Tensor,
    generator: Generator,
  ) {
    super();
    this.transform = this.registerModule('transform', new BertPredictionHeadTransform(c, generator));
    this.bias = this.registerParameter('bias', tf.zeros([c.vocab_size]));
  }

  /** Rows `[N, H]` → logits `[N, V]`. */
  forward(h: tf.Tensor): tf.Tensor {
    return tf.tidy(() =>
      tf.add(
        tf.matMul(
          this.transform.forward(h) as tf.Tensor2D,
          this.wordEmbeddings() as tf.Tensor2D,
          false,
          true,
        ),
        this.bias,
      ),
    );
  }
}

/** `cls` of the pre-training heads: `predictions` (masked LM) and/or `seq_relationship` (NSP). */
export class BertPreTrainingHeads extends Module {
  readonly predictions: BertLMPredictionHead | null;
  readonly seq_relationship: Linear | null;

  constructor(c: BertConfig, bert: BertModel, generator: Generator, parts: { mlm: boolean; nsp: boolean }) {
    super();
    const wte = () => bert.embeddings.word_embeddings.weight;
    this.predictions = parts.mlm
      ? this.registerModule('predictions', new BertLMPredictionHead(c, wte, generator))
      : null;
    this.seq_relationship = parts.nsp
      ? this.registerModule(
          'seq_relationship',
          new Linear({ inFeatures: c.hidden_size, outFeatures: 2, generator }),
        )
      : null;
  }

  /** Hidden rows `[N, H]` → MLM logits `[N, V]`; pooled `[B, H]` → NSP logits `[B, 2]` (each when present). */
  forward(rows?: tf.Tensor, pooled?: tf.Tensor): { mlm?: tf.Tensor; nsp?: tf.Tensor } {
    return {
      mlm: rows && this.predictions ? this.predictions.forward(rows) : undefined,
      nsp: pooled && this.seq_relationship ? this.seq_relationship.forward(pooled) : undefined,
    };
  }
}

/** Inputs of the pre-training heads: {@link BertInputs} plus optional labels. */
export interface BertPreTrainingInputs extends BertInputs {
  /** `[B, T]` int32: the original id at masked positions, `-100` elsewhere (the collator's `labels`). */
  labels?: tf.Tensor;
  /** `[B]` int32: 0 = B follows A, 1 = B is random. */
  nextSentenceLabel?: tf.Tensor;
}

/** Outputs of the pre-training heads. */
export interface BertPreTrainingOutput {
  /** `[B, T, V]` masked-LM logits (MLM heads). */
  predictionLogits?: tf.Tensor;
  /** `[B, 2]` next-sentence logits (NSP heads). */
  seqRelationshipLogits?: tf.Tensor;
  /** Mean cross-entropy: MLM over non-`-100` labels, plus NSP when its label was given. */
  loss?: tf.Scalar;
  lastHiddenState: tf.Tensor;
}

/** Shared body of the three pre-training classes (not exported: use the classes). */
abstract class BertPreTrainingBase extends Module {
  readonly config: BertConfig;
  readonly bert: BertModel;
  readonly cls: BertPreTrainingHeads;

  protected constructor(
    c: BertConfig | BertConfigOptions,
    options: BertHeadOptions,
    parts: { mlm: boolean; nsp: boolean },
  ) {
    super();
    const { generator = getDefaultGenerator() } = options;
    this.config = config(c);
    this.bert = this.registerModule(
      'bert',
      new BertModel(this.config, { generator, addPoolingLayer: parts.nsp, init: false }),
    );
    this.cls = this.registerModule('cls', new BertPreTrainingHeads(this.config, this.bert, generator, parts));
    initBertWeights(this, this.config, generator);
  }

  forward(inputs: BertPreTrainingInputs): BertPreTrainingOutput {
    const result = tf.tidy(() => {
      const { lastHiddenState, pooledOutput } = this.bert.forward(inputs);
      const [B, T, H] = lastHiddenState.shape as [number, number, number];
      const out: BertPreTrainingOutput = { lastHiddenState };
      const losses: tf.Tensor[] = [];
      if (this.cls.predictions) {
        const rows = this.cls.predictions.forward(tf.reshape(lastHiddenState, [B * T, H]));
        out.predictionLogits = tf.reshape(rows, [B, T, this.config.vocab_size]);
        if (inputs.labels) {
          losses.push(crossEntropy(rows, tf.reshape(inputs.labels, [B * T]), { ignoreIndex: IGNORE }));
        }
      }
      if (this.cls.seq_relationship && pooledOutput) {
        out.seqRelationshipLogits = this.cls.seq_relationship.forward(pooledOutput);
        if (inputs.nextSentenceLabel) {
          losses.push(
            crossEntropy(out.seqRelationshipLogits, inputs.nextSentenceLabel, { ignoreIndex: IGNORE }),
          );
        }
      }
      if (losses.length) out.loss = losses.reduce((a, b) => tf.add(a, b)) as tf.Scalar;
      return out as unknown as tf.TensorContainerObject;
    });
    return result as unknown as BertPreTrainingOutput;
  }

  /** HF's class name, written to `config.json`'s `architectures`. */
  abstract readonly architecture: string;

  /** Writes `config.json` (with this class in `architectures`), `model.safetensors` (HF names) and, given `vocab`, `vocab.txt`. */
  savePretrained(
    target: PretrainedSource,
    options: BertSavePretrainedOptions = {},
  ): Promise<SavedPretrained> {
    return bertSavePretrained(this, this.architecture, target, options);
  }

  /** Freezes part of the encoder for fine-tuning (see {@link BertModel.freezeFor}); the heads stay trainable. */
  freezeFor(regime: BertFreezing): this {
    this.unfreeze();
    this.bert.freezeFor(regime);
    return this;
  }
}

/** BERT with the masked-LM head (`cls.predictions`, decoder tied to `bert.embeddings.word_embeddings`). */
export class BertForMaskedLM extends BertPreTrainingBase {
  readonly architecture = 'BertForMaskedLM';

  /** A `BertForMaskedLM` from a HF checkpoint (any BERT class's; heads it lacks are initialised as HF does). Eval mode. */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertForMaskedLM> {
    return bertFromPretrained(
      (c) => new BertForMaskedLM(c, { generator: options.generator }),
      source,
      options,
    );
  }

  constructor(c: BertConfig | BertConfigOptions = {}, options: BertHeadOptions = {}) {
    super(c, options, { mlm: true, nsp: false });
  }
}

/** BERT with the next-sentence head (`cls.seq_relationship` on the pooled [CLS]). */
export class BertForNextSentencePrediction extends BertPreTrainingBase {
  readonly architecture = 'BertForNextSentencePrediction';

  /** A `BertForNextSentencePrediction` from a HF checkpoint (any BERT class's; heads it lacks are initialised as HF does). Eval mode. */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertForNextSentencePrediction> {
    return bertFromPretrained(
      (c) => new BertForNextSentencePrediction(c, { generator: options.generator }),
      source,
      options,
    );
  }

  constructor(c: BertConfig | BertConfigOptions = {}, options: BertHeadOptions = {}) {
    super(c, options, { mlm: false, nsp: true });
  }
}

/** BERT with both pre-training heads; the loss is MLM + NSP, as in the paper. */
export class BertForPreTraining extends BertPreTrainingBase {
  readonly architecture = 'BertForPreTraining';

  /** A `BertForPreTraining` from a HF checkpoint (any BERT class's; heads it lacks are initialised as HF does). Eval mode. */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertForPreTraining> {
    return bertFromPretrained(
      (c) => new BertForPreTraining(c, { generator: options.generator }),
      source,
      options,
    );
  }

  constructor(c: BertConfig | BertConfigOptions = {}, options: BertHeadOptions = {}) {
    super(c, options, { mlm: true, nsp: true });
  }
}

/** Inputs of the classification heads: {@link BertInputs} plus optional `labels` (`[B]` or `[B, T]`, `-100` ignored). */
export interface BertClassificationInputs extends BertInputs {
  labels?: tf.Tensor;
}

/** Outputs of the classification heads. */
export interface BertClassificationOutput {
  /** `[B, num_labels]` (sequence) or `[B, T, num_labels]` (token). */
  logits: tf.Tensor;
  loss?: tf.Scalar;
}

/** Shared body of the classification heads: `bert`, `dropout`, `classifier`. */
abstract class BertClassifierBase extends Module {
  readonly config: BertConfig;
  readonly bert: BertModel;
  readonly dropout: Dropout;
  readonly classifier: Linear;

  protected constructor(c: BertConfig | BertConfigOptions, options: BertHeadOptions, pooled: boolean) {
    super();
    const { generator = getDefaultGenerator() } = options;
    this.config = config(c);
    const { hidden_size: H, num_labels, classifier_dropout, hidden_dropout_prob } = this.config;
    this.bert = this.registerModule(
      'bert',
      new BertModel(this.config, { generator, addPoolingLayer: pooled, init: false }),
    );
    this.dropout = this.registerModule(
      'dropout',
      new Dropout({ p: classifier_dropout ?? hidden_dropout_prob, generator }),
    );
    this.classifier = this.registerModule(
      'classifier',
      new Linear({ inFeatures: H, outFeatures: num_labels, generator }),
    );
    initBertWeights(this, this.config, generator);
  }

  protected classify(x: tf.Tensor): tf.Tensor {
    return this.classifier.forward(this.dropout.training && this.dropout.p > 0 ? this.dropout.forward(x) : x);
  }

  /** HF's class name, written to `config.json`'s `architectures`. */
  abstract readonly architecture: string;

  /** Writes `config.json` (with this class in `architectures`), `model.safetensors` (HF names) and, given `vocab`, `vocab.txt`. */
  savePretrained(
    target: PretrainedSource,
    options: BertSavePretrainedOptions = {},
  ): Promise<SavedPretrained> {
    return bertSavePretrained(this, this.architecture, target, options);
  }

  /** Freezes part of the encoder for fine-tuning (see {@link BertModel.freezeFor}); the classifier stays trainable. */
  freezeFor(regime: BertFreezing): this {
    this.unfreeze();
    this.bert.freezeFor(regime);
    return this;
  }
}

/** BERT with a classifier on the pooled [CLS] (HF's `BertForSequenceClassification`, single-label). */
export class BertForSequenceClassification extends BertClassifierBase {
  readonly architecture = 'BertForSequenceClassification';

  /** A `BertForSequenceClassification` from a HF checkpoint (any BERT class's; heads it lacks are initialised as HF does). Eval mode. */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertForSequenceClassification> {
    return bertFromPretrained(
      (c) => new BertForSequenceClassification(c, { generator: options.generator }),
      source,
      options,
    );
  }

  constructor(c: BertConfig | BertConfigOptions = {}, options: BertHeadOptions = {}) {
    super(c, options, true);
  }

  forward(inputs: BertClassificationInputs): BertClassificationOutput {
    return tf.tidy(() => {
      const logits = this.classify(this.bert.forward(inputs).pooledOutput!);
      if (!inputs.labels) return { logits };
      return { logits, loss: crossEntropy(logits, inputs.labels, { ignoreIndex: IGNORE }) as tf.Scalar };
    });
  }
}

/** BERT with a classifier on every token (HF's `BertForTokenClassification`: no pooler). */
export class BertForTokenClassification extends BertClassifierBase {
  readonly architecture = 'BertForTokenClassification';

  /** A `BertForTokenClassification` from a HF checkpoint (any BERT class's; heads it lacks are initialised as HF does). Eval mode. */
  static fromPretrained(
    source: PretrainedSource,
    options: BertFromPretrainedOptions = {},
  ): Promise<BertForTokenClassification> {
    return bertFromPretrained(
      (c) => new BertForTokenClassification(c, { generator: options.generator }),
      source,
      options,
    );
  }

  constructor(c: BertConfig | BertConfigOptions = {}, options: BertHeadOptions = {}) {
    super(c, options, false);
  }

  forward(inputs: BertClassificationInputs): BertClassificationOutput {
    return tf.tidy(() => {
      const logits = this.classify(this.bert.forward(inputs).lastHiddenState);
      if (!inputs.labels) return { logits };
      const [B, T, C] = logits.shape as [number, number, number];
      const loss = crossEntropy(tf.reshape(logits, [B * T, C]), tf.reshape(inputs.labels, [B * T]), {
        ignoreIndex: IGNORE,
      });
      return { logits, loss: loss as tf.Scalar };
    });
  }
}
