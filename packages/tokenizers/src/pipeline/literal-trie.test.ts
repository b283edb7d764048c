import { describe, expect, it } from 'vitest';
import { LiteralTrie } from './literal-trie';

describe('LiteralTrie', () => {
  const trie = new LiteralTrie(['<s>', '</s>', '<', '<unused1>', '<unused12>', '😀']);

  it('finds the leftmost match, and the longest one there', () => {
    expect(trie.find('ab</s>', 0)).toBe(1);
    expect([trie.matchStart, trie.matchEnd]).toEqual([2, 6]);
    expect(trie.find('x<unused12>', 0)).toBe(4);
    expect(trie.find('x<unused1', 0)).toBe(2); // only '<' is complete
    expect(trie.find('a 😀', 0)).toBe(5);
    expect(trie.matchStart).toBe(2);
    expect(trie.find('plain text', 0)).toBe(-1);
  });

  it('stays within [from, to)', () => {
    expect(trie.find('</s></s>', 1)).toBe(1);
    expect(trie.matchStart).toBe(4);
    expect(trie.find('<s>', 0, 2)).toBe(2); // '<s>' does not fit: '<'
    expect(trie.matchEnd).toBe(1);
  });
});
