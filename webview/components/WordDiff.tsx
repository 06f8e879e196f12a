import type { WordPart } from '../../src/protocol/diff';

/** A word diff inline: removed words struck through, added ones highlighted, both readable without colour. */
export function WordDiff({ parts }: { parts: readonly WordPart[] }) {
  return (
    <span class="word-diff">
      {parts.map((p, i) => (p.op === 'equal' ? <span key={i}>{p.text}</span>
        : p.op === 'delete' ? <del key={i} title="removed">{p.text}</del>
          : <ins key={i} title="added">{p.text}</ins>))}
    </span>
  );
}
