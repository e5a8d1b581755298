import { describe, expect, it } from 'vitest';
import { canonicalUrl, isTrackingParam } from './canonical-url.js';

describe('canonicalUrl', () => {
  it('removes tracking parameters, the fragment and the default port, and lowercases the host', () => {
    expect(canonicalUrl('HTTPS://News.Example:443/a/b?utm_source=rss&id=7&fbclid=x#comments'))
      .toBe('https://news.example/a/b?id=7');
  });

  it('makes reordered query strings equal', () => {
    expect(canonicalUrl('https://n.example/p?b=2&a=1')).toBe(canonicalUrl('https://n.example/p?a=1&b=2&utm_medium=wire'));
  });

  it('drops an empty query and keeps parameters that select content', () => {
    expect(canonicalUrl('https://n.example/p?utm_campaign=x')).toBe('https://n.example/p');
    expect(canonicalUrl('https://n.example/watch?v=abc&page=2')).toBe('https://n.example/watch?page=2&v=abc');
  });

  it('refuses relative and non-http URLs', () => {
    expect(canonicalUrl('/relative/path')).toBeUndefined();
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('ftp://files.example/x')).toBeUndefined();
    expect(canonicalUrl('img/x.jpg', 'https://n.example/a/')).toBe('https://n.example/a/img/x.jpg');
  });

  it('knows tracking parameters by name and prefix, in any case', () => {
    expect(['UTM_Source', 'gclid', 'mc_eid', 'pk_campaign'].every(isTrackingParam)).toBe(true);
    expect(['id', 'page', 'q', 'lang'].some(isTrackingParam)).toBe(false);
  });
});
