import { responseFormatFor } from './accept-aware.transport.js';

describe('responseFormatFor', () => {
  it.each([
    ['application/json, text/event-stream', 'sse'],
    ['text/event-stream', 'sse'],
    ['TEXT/EVENT-STREAM;q=0.9', 'sse'],
    ['application/json', 'json'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    [null, 'json'],
  ])('answers Accept %p with %s', (accept, expected) => {
    expect(responseFormatFor(accept)).toBe(expected);
  });

  it.each(['text/html', 'image/png', 'text/plain, text/html'])(
    'finds no acceptable format in %p',
    (accept) => {
      expect(responseFormatFor(accept)).toBe('none');
    },
  );
});
