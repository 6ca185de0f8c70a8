import { describe, expect, it } from 'vitest';
import { separateBlockText } from '../../src/lib/site/search-text.ts';

describe('the text Pagefind indexes', () => {
  it('keeps the words of adjacent block and list elements apart', () => {
    expect(separateBlockText('<dl><dt>Components</dt><dd>nova-compute</dd></dl>')).toBe('<dl><dt>Components</dt> <dd>nova-compute</dd> </dl> ');
    expect(separateBlockText('<ul><li>2015.2 Liberty</li><li>2016.1 Mitaka</li></ul>')).toBe('<ul><li>2015.2 Liberty</li> <li>2016.1 Mitaka</li> </ul> ');
    expect(separateBlockText('<TD>a</TD><td>b</td>')).toBe('<TD>a</TD> <td>b</td> ');
  });

  it('leaves inline markup and escaped text as they are', () => {
    const inline = '<p>An <a href="/x/">AMQP</a> <code>&lt;/dd&gt;</code> error<strong>!</strong>';
    expect(separateBlockText(inline)).toBe(inline);
    expect(separateBlockText('<span>no</span><em>break</em>')).toBe('<span>no</span><em>break</em>');
  });
});
