// Internals that e2e tests inspect (session counts); not part of the library's public API.
export { SseSessions } from './transport/sse-sessions.service.js';
export { StreamableSessions } from './transport/streamable-sessions.service.js';
