// The registry of pages. Each route is a hash path, a title for the navigation, a line for the home
// page, and a loader: the page's module is fetched only when the route is opened, so every route
// pays only for its own code. A page module exports `mount(element, context)` and may return an
// `unmount()`; see main.js for the context. #/translate is a further entry to come.

/** @typedef {{ path: string, title: string, blurb: string, load: () => Promise<{ mount: Function }> }} Route */

/** @type {Route[]} */
export const ROUTES = [
  {
    path: '#/tokenizers',
    title: 'Tokenizers',
    blurb:
      'Characters, words and BPE — cl100k_base, o200k_base, GPT-2 and a BPE trained here — as coloured tokens.',
    load: () => import('./pages/tokenizers.js'),
  },
  {
    path: '#/metrics',
    title: 'Metrics',
    blurb: 'BLEU with its sacreBLEU signature, n-gram precisions and brevity penalty, chrF and ROUGE.',
    load: () => import('./pages/metrics.js'),
  },
  {
    path: '#/basics',
    title: 'Basics',
    blurb: 'Gradient descent, an MLP, activations, over-fitting cured, and four optimizers racing.',
    load: () => import('./pages/basics.js'),
  },
  {
    path: '#/gpt',
    title: 'GPT',
    blurb:
      'A character-level GPT trained here on Tiny Shakespeare: loss curves, samples as it learns, save and load.',
    load: () => import('./pages/gpt.js'),
  },
  {
    path: '#/embeddings',
    title: 'Embeddings',
    blurb: 'word2vec trained here: words on a 2-D PCA map, nearest neighbours and analogies.',
    load: () => import('./pages/embeddings.js'),
  },
  {
    path: '#/rnn',
    title: 'RNN',
    blurb: 'Vanishing and exploding gradients: the gradient norm per time step of an RNN and an LSTM.',
    load: () => import('./pages/rnn.js'),
  },
  {
    path: '#/attention',
    title: 'Attention',
    blurb:
      'An English→French Transformer translates what you type; its encoder, decoder and cross-attention per layer and head.',
    load: () => import('./pages/attention.js'),
  },
];
