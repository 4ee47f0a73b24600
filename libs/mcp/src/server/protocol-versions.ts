/**
 * Protocol revisions this server speaks. The first 2025-era entry is what `initialize`
 * counter-offers when a client asks for a version we do not know; 2026-07-28 is served
 * sessionless through `server/discover` and the per-request envelope.
 */
export const SUPPORTED_PROTOCOL_VERSIONS = [
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
  '2026-07-28',
] as const;

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

export function isSupportedProtocolVersion(version: string): boolean {
  return (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

export function unsupportedProtocolVersionMessage(version: string): string {
  return (
    `Unsupported MCP-Protocol-Version "${version}". ` +
    `This server supports: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}.`
  );
}
