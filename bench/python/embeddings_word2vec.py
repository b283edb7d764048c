"""gensim peer of bench/embeddings.bench.mjs: trains word2vec on a tokenised corpus (one sentence per line,
read with LineSentence each epoch, as glossa reads it with LineSentences) and evaluates it.
Usage: python3 embeddings_word2vec.py CORPUS MODE SEED EPOCHS WORKERS QUESTIONS WORDSIM  -> prints one JSON line.
Training time is train() alone (build_vocab excluded), as glossa's stats.trainSeconds excludes its vocabulary pass."""
import json
import logging
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

corpus, mode, seed, epochs, workers, questions, wordsim = sys.argv[1:8]
seed, epochs, workers = int(seed), int(epochs), int(workers)

caught = {}


class Catch(logging.Handler):
    def emit(self, record):
        if record.msg.startswith('Quadruplets with out-of-vocabulary words'):
            caught['oov'] = float(record.args[0])


log = logging.getLogger('gensim.models.keyedvectors')
log.setLevel(logging.INFO)
log.addHandler(Catch())

model = Word2Vec(vector_size=100, window=5, min_count=5, negative=5, sample=1e-3, sg=1 if mode == 'skipgram' else 0,
                 epochs=epochs, workers=workers, seed=seed)
t0 = time.perf_counter()
model.build_vocab(LineSentence(corpus))
vocab_s = time.perf_counter() - t0
t0 = time.perf_counter()
effective, raw = model.train(LineSentence(corpus), total_examples=model.corpus_count, epochs=epochs)
train_s = time.perf_counter() - t0
score, _ = model.wv.evaluate_word_analogies(questions)
_, spearman, pairs_oov = model.wv.evaluate_word_pairs(wordsim)
print(json.dumps({
    'vocab': len(model.wv), 'vocab_s': vocab_s, 'train_s': train_s, 'effective_words': effective, 'raw_words': raw,
    'words_per_s': effective / train_s, 'raw_words_per_s': raw / train_s, 'spearman': float(spearman[0]),
    'pairs_oov': pairs_oov, 'analogy': score, 'analogy_oov': caught.get('oov'),
}))
