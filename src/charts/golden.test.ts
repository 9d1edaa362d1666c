import { describe, expect, it } from 'vitest';
import { breakLines, roundNumbers } from './golden';

describe('roundNumbers', () => {
  it('rounds numbers in tags to one decimal and leaves text alone', () => {
    expect(roundNumbers('<path d="M0.04,-0.04L12.345,3"></path><text x="1.25">12,345.67</text>')).toBe(
      '<path d="M0,0L12.3,3"></path><text x="1.3">12,345.67</text>',
    );
  });
});

describe('breakLines', () => {
  it('puts each group and drawn element on a line of its own, leaving text content whole', () => {
    expect(
      breakLines('<svg><g aria-label="dot"><circle r="3"></circle></g><text><tspan>a</tspan></text></svg>'),
    ).toBe(
      '<svg>\n<g aria-label="dot">\n<circle r="3"></circle>\n</g>\n<text><tspan>a</tspan></text>\n</svg>',
    );
  });
});
