/** Whether the UTF-16 unit at `index` is the first half of a surrogate pair (an emoji, say). */
function isHighSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * The first `maxChars` UTF-16 units of `text`, or one fewer when the cut would fall inside a
 * surrogate pair: half a character is not text, and clients that decode strictly reject it.
 */
export function textHead(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = maxChars > 0 && isHighSurrogate(text, maxChars - 1) ? maxChars - 1 : maxChars;
  return text.slice(0, Math.max(end, 0));
}

/** `text` without a first half of a surrogate pair left at its end by an earlier cut. */
export function withoutSplitPairAtEnd(text: string): string {
  return text.length > 0 && isHighSurrogate(text, text.length - 1) ? text.slice(0, -1) : text;
}
