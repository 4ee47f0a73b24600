import { inspect } from 'node:util';

import { Secret } from './secret.js';

describe('Secret', () => {
  const sut = new Secret('hunter2-very-secret');

  it('reveals its value only on request', () => {
    expect(sut.reveal()).toBe('hunter2-very-secret');
  });

  it('never shows the value in strings, JSON or inspection', () => {
    const shown = [`${sut}`, JSON.stringify({ sut }), inspect({ sut }), String(sut)].join(' ');
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('[redacted]');
  });
});
