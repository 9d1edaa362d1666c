import { describe, expect, it } from 'vitest';
import { roundNumbers } from './golden';

describe('roundNumbers', () => {
  it('rounds numbers in tags to one decimal and leaves text alone', () => {
    expect(roundNumbers('<path d="M0.04,-0.04L12.345,3"></path><text x="1.25">12,345.67</text>')).toBe(
      '<path d="M0,0L12.3,3"></path><text x="1.3">12,345.67</text>',
    );
  });
});
