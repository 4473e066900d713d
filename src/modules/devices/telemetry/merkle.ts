/**
 * Merkle trees of reading leaves, hashed as OpenZeppelin's MerkleProof verifies them: each pair hashed in sorted
 * order (commutative keccak256), so a proof is the list of siblings from the leaf up. A node without a sibling on its
 * level goes up unchanged. Leaves are double-hashed (readingLeaf), so no inner node can pass for a leaf.
 */
import { concat, keccak256, type Hex } from 'viem';

export const hashPair = (a: Hex, b: Hex): Hex => (BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])));

export interface MerkleTree {
  root: Hex;
  /** The siblings of leaf `index`, bottom up. */
  proof(index: number): Hex[];
}

/** The tree over `leaves` in the order given (a batch's order: by device, then sequence number). */
export function buildMerkleTree(leaves: readonly Hex[]): MerkleTree {
  if (leaves.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  const layers: Hex[][] = [leaves.map((l) => l.toLowerCase() as Hex)];
  while (layers[layers.length - 1]!.length > 1) {
    const below = layers[layers.length - 1]!;
    const above: Hex[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(i + 1 < below.length ? hashPair(below[i]!, below[i + 1]!) : below[i]!);
    layers.push(above);
  }
  return {
    root: layers[layers.length - 1]![0]!,
    proof(index) {
      if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new Error(`no leaf ${index} in a tree of ${leaves.length}`);
      const siblings: Hex[] = [];
      let i = index;
      for (const layer of layers.slice(0, -1)) {
        const j = i % 2 === 0 ? i + 1 : i - 1;
        if (j < layer.length) siblings.push(layer[j]!);
        i = Math.floor(i / 2);
      }
      return siblings;
    },
  };
}

/** Whether `leaf` with `proof` hashes up to `root` (MerkleProof.verify). */
export const verifyMerkleProof = (proof: readonly Hex[], root: Hex, leaf: Hex): boolean =>
  proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf.toLowerCase() as Hex).toLowerCase() === root.toLowerCase();
