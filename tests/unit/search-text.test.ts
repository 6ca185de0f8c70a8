import { describe, expect, it } from 'vitest';
import { separateBlockText, withoutIgnoredElements } from '../../src/lib/site/search-text.ts';

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

describe('the elements Pagefind is told to ignore', () => {
  it('are removed whole, nested elements of the same name included', () => {
    expect(withoutIgnoredElements('<main data-pagefind-body><p>kept</p><div data-pagefind-ignore><div>a<div>b</div></div>c</div><p>after</p></main>')).toBe(
      '<main data-pagefind-body><p>kept</p><p>after</p></main>',
    );
    expect(withoutIgnoredElements('<DETAILS class="x" data-pagefind-ignore="all"><summary>s</summary></Details>tail')).toBe('tail');
    expect(withoutIgnoredElements('<img alt="" data-pagefind-ignore><p>x</p>')).toBe('<p>x</p>');
  });

  it('read tags as HTML does: quoted attribute values, comments and script text are not tags', () => {
    const html = '<div data-pagefind-ignore title="</div>" data-x=\'<div>\'><!-- </div> --><script>"</div>"</script>inside</div>after';
    expect(withoutIgnoredElements(html)).toBe('after');
    // A name that only starts like the element's is another element.
    expect(withoutIgnoredElements('<dl data-pagefind-ignore><dlx></dlx>x</dl>y')).toBe('y');
  });

  it('keep an ignored element that holds filters or metadata, which Pagefind still reads under "index"', () => {
    const withFilter = '<div data-pagefind-ignore><span data-pagefind-filter="service:Nova"></span></div>';
    expect(withoutIgnoredElements(withFilter)).toBe(withFilter);
    const indexMode = '<div data-pagefind-ignore="index"><h1 data-pagefind-meta="title">T</h1></div>';
    expect(withoutIgnoredElements(indexMode)).toBe(indexMode);
    // "all" drops filters and metadata too, so the element can go.
    expect(withoutIgnoredElements('<div data-pagefind-ignore="all"><span data-pagefind-filter="a:b"></span></div>!')).toBe('!');
  });

  it('leave the page as it was when an ignored element is never closed', () => {
    const broken = '<p>a</p><section data-pagefind-ignore><p>b</p>';
    expect(withoutIgnoredElements(broken)).toBe(broken);
  });

  it('do not touch attributes that only resemble the ignore attribute', () => {
    const html = '<div data-pagefind-ignored-not="1">a</div><div title="x data-pagefind-ignore">b</div><p data-pagefind-ignorex>c</p>';
    expect(withoutIgnoredElements(html)).toBe(html);
  });
});
