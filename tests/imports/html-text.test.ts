import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/imports/html-text.js';
import { fourLevelScore, greenhouseRating, greenhouseRecommendation } from '../../src/imports/scales.js';

describe('notes reduced to text', () => {
  it('removes tags, decodes entities, turns blocks into lines and collapses whitespace', () => {
    expect(htmlToText('<p>Asked   about <b>retries</b>&nbsp;&amp; backoff</p><p>Then&#x27;s &#8220;fine&#8221;</p>')).toBe('Asked about retries & backoff\nThen\'s “fine”');
    expect(htmlToText('one<br>two<br/>three<li>four</li>')).toBe('one\ntwo\nthree\nfour');
    expect(htmlToText('<script>alert(1)</script><style>p{}</style>kept<!-- hidden -->')).toBe('kept');
    expect(htmlToText('&lt;p&gt; stays literal &unknown;')).toBe('<p> stays literal &unknown;');
  });

  it('is no evidence when blank, and never carries NUL or lone surrogates', () => {
    expect(htmlToText('  <p> </p>&nbsp;\n ')).toBeNull();
    expect(htmlToText('')).toBeNull();
    expect(htmlToText(null)).toBeNull();
    expect(htmlToText('a\u0000b \ud800 c &#0; &#xD800;')).toBe('ab c');
  });
});

describe('source scales', () => {
  it('maps Greenhouse ratings to five levels, no_decision to not assessed', () => {
    expect(['definitely_not', 'no', 'mixed', 'yes', 'strong_yes'].map(greenhouseRating)).toEqual([1, 2, 3, 4, 5]);
    expect(greenhouseRating('no_decision')).toBeNull();
    expect(greenhouseRating('maybe')).toBeUndefined();
  });

  it('maps overall recommendations, mixed and no_decision to none', () => {
    expect(['definitely_not', 'strong_no', 'no', 'yes', 'strong_yes', 'mixed', 'no_decision', null].map(greenhouseRecommendation)).toEqual(['strong_no', 'strong_no', 'no', 'yes', 'strong_yes', null, null, null]);
    expect(greenhouseRecommendation('great')).toBeUndefined();
  });

  it('reads four-level scores as numbers, digit strings and Lever labels', () => {
    expect([4, '4', ' 3 ', '4 - Strong Hire', '1 - Strong No Hire', null, ''].map(fourLevelScore)).toEqual([4, 4, 3, 4, 1, null, null]);
    expect([0, 5, 2.5, 'four', '44', {}].map(fourLevelScore)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
