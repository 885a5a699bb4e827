import { Text, type TextProps } from '@mantine/core';

/**
 * User text kept to one line (a list cell, a name beside a badge): cut with an ellipsis where
 * space runs out, the whole of it in a tooltip on hover.
 */
export function OneLine({ text, ...props }: TextProps & { text: string }) {
  return (
    <Text fz="sm" truncate="end" title={text} {...props}>
      {text}
    </Text>
  );
}
