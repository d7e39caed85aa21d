import { Text } from 'ink';

/** A run of text with one style; a line is a list of them (no JSX whitespace surprises). */
export interface Segment {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  italic?: boolean;
}

export function Line({ segments }: { segments: readonly Segment[] }) {
  // An empty <Text> takes no line at all in Ink: a blank line must hold a space.
  if (segments.every((s) => s.text === '')) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {segments.map((s, i) =>
        // Spaces need no colour: skipping it saves escape codes on every frame.
        (s.color || s.dim || s.bold || s.italic) && s.text.trim() !== '' ? (
          <Text key={i} color={s.color} dimColor={s.dim} bold={s.bold} italic={s.italic}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
