import { renderTextTable } from '../../../lib/policy/text-table';

describe('renderTextTable', () => {
  test('wraps cells at word boundaries and cuts unbroken words at the column width', () => {
    const table = renderTextTable([{ header: 'rule', maxWidth: 8 }, { header: 'message', maxWidth: 10 }], [['a/b', 'one two three'], ['x', 'abcdefghijklmno']]);
    expect(table.split('\n')).toEqual([
      'rule | message',
      '-----+-----------',
      'a/b  | one two',
      '     | three',
      'x    | abcdefghij',
      '     | klmno',
    ]);
  });

  test('any number of rows: 200k rows render without exhausting the stack', () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => [`rule-${index % 7}`, index === 123_456 ? 'the widest message of all' : 'short']);
    const lines = renderTextTable([{ header: 'rule', maxWidth: 40 }, { header: 'message', maxWidth: 60 }], rows).split('\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[1]).toBe(`${'-'.repeat(6)}-+-${'-'.repeat('the widest message of all'.length)}`);
  });
});
