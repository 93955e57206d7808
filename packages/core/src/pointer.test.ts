import { expect } from '@open-wc/testing';
import { getAt, parsePointer, resolvePath, setAt, toPointer } from './pointer.js';

describe('parsePointer / toPointer', () => {
  it('parses the root and simple pointers', () => {
    expect(parsePointer('')).to.deep.equal([]);
    expect(parsePointer('/')).to.deep.equal(['']);
    expect(parsePointer('/incident/subjectName')).to.deep.equal(['incident', 'subjectName']);
    expect(parsePointer('/casePlan/followUps/0/date')).to.deep.equal(['casePlan', 'followUps', '0', 'date']);
  });

  it('unescapes ~1 to / and ~0 to ~ (in that order, RFC 6901)', () => {
    expect(parsePointer('/a~1b/c~0d')).to.deep.equal(['a/b', 'c~d']);
    expect(parsePointer('/~01')).to.deep.equal(['~1']);
    expect(parsePointer('/~10')).to.deep.equal(['/0']);
  });

  it('refuses a pointer that does not start with /', () => {
    expect(() => parsePointer('incident')).to.throw(SyntaxError);
    expect(() => parsePointer('#/incident')).to.throw(SyntaxError);
  });

  it('escapes ~ and / and accepts numbers', () => {
    expect(toPointer([])).to.equal('');
    expect(toPointer(['a/b', 'c~d', 3])).to.equal('/a~1b/c~0d/3');
    expect(toPointer(['~1'])).to.equal('/~01');
  });

  it('round-trips keys with ~ and / (and other odd characters)', () => {
    const keys = [['a/b'], ['~'], ['~1'], ['~0'], ['/'], ['a~/b/~c'], [''], ['', ''], ['x', 'y/z', '~~//'], ['👩‍👩‍👧', '\u202E', ' ']];
    for (const tokens of keys) {
      expect(parsePointer(toPointer(tokens)), JSON.stringify(tokens)).to.deep.equal(tokens);
    }
  });
});

describe('getAt', () => {
  const data = { a: { b: [10, { c: 'x' }], 'd/e': 1, 'f~g': 2, zero: 0, nul: null } };

  it('reads values by pointer or token list', () => {
    expect(getAt(data, '')).to.equal(data);
    expect(getAt(data, '/a/b/0')).to.equal(10);
    expect(getAt(data, '/a/b/1/c')).to.equal('x');
    expect(getAt(data, '/a/d~1e')).to.equal(1);
    expect(getAt(data, '/a/f~0g')).to.equal(2);
    expect(getAt(data, ['a', 'd/e'])).to.equal(1);
    expect(getAt(data, '/a/zero')).to.equal(0);
    expect(getAt(data, '/a/nul')).to.equal(null);
  });

  it('is undefined for a missing path or a path through a primitive', () => {
    expect(getAt(data, '/nope')).to.equal(undefined);
    expect(getAt(data, '/a/b/5')).to.equal(undefined);
    expect(getAt(data, '/a/b/1/c/length')).to.equal(undefined);
    expect(getAt(data, '/a/nul/x')).to.equal(undefined);
    expect(getAt(undefined, '/a')).to.equal(undefined);
    expect(getAt(null, '/a')).to.equal(undefined);
  });

  it('does not follow inherited properties', () => {
    expect(getAt({}, '/toString')).to.equal(undefined);
    expect(getAt({}, '/constructor')).to.equal(undefined);
    expect(getAt({}, '/__proto__')).to.equal(undefined);
    expect(getAt({}, '/constructor/prototype')).to.equal(undefined);
    expect(getAt({ a: {} }, '/a/hasOwnProperty')).to.equal(undefined);
    const child = Object.create({ inherited: 'secret' }) as Record<string, unknown>;
    child['own'] = 'mine';
    expect(getAt(child, '/own')).to.equal('mine');
    expect(getAt(child, '/inherited')).to.equal(undefined);
    expect(getAt([1, 2], '/map')).to.equal(undefined);
  });

  it('reads a real own __proto__ key (from JSON.parse) without touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(getAt(parsed, '/__proto__/x')).to.equal(1);
  });
});

describe('setAt', () => {
  it('returns a copy with the value set, copying only the path', () => {
    const data = { a: { b: 1, keep: { deep: true } }, other: { x: [1, 2] } };
    const next = setAt(data, '/a/b', 2);
    expect(next).to.deep.equal({ a: { b: 2, keep: { deep: true } }, other: { x: [1, 2] } });
    expect(data.a.b).to.equal(1);
    expect(next).not.to.equal(data);
    expect(next.a).not.to.equal(data.a);
    expect(next.a.keep).to.equal(data.a.keep);
    expect(next.other).to.equal(data.other);
  });

  it('creates parents as needed', () => {
    expect(setAt({}, '/a/b/c', 'x')).to.deep.equal({ a: { b: { c: 'x' } } });
    expect(setAt(undefined, '/a', 1)).to.deep.equal({ a: 1 });
    expect(setAt({ a: 'str' }, '/a/b', 1)).to.deep.equal({ a: { b: 1 } });
  });

  it('sets inside arrays, copying the array', () => {
    const data = { list: [{ v: 1 }, { v: 2 }] };
    const next = setAt(data, '/list/1/v', 3);
    expect(next).to.deep.equal({ list: [{ v: 1 }, { v: 3 }] });
    expect(Array.isArray(next.list)).to.equal(true);
    expect(next.list).not.to.equal(data.list);
    expect(next.list[0]).to.equal(data.list[0]);
    expect(data.list[1]!.v).to.equal(2);
  });

  it('removes the key when the value is undefined', () => {
    const data = { a: { b: 1, c: 2 } };
    const next = setAt(data, '/a/b', undefined);
    expect(next).to.deep.equal({ a: { c: 2 } });
    expect(Object.prototype.hasOwnProperty.call(next.a, 'b')).to.equal(false);
    expect(data.a).to.deep.equal({ b: 1, c: 2 });
  });

  it('removes an array item when the value is undefined', () => {
    const data = { list: ['a', 'b', 'c'] };
    expect(setAt(data, '/list/1', undefined)).to.deep.equal({ list: ['a', 'c'] });
    expect(data.list).to.deep.equal(['a', 'b', 'c']);
  });

  it('handles escaped tokens', () => {
    expect(setAt({}, '/a~1b/c~0d', 1)).to.deep.equal({ 'a/b': { 'c~d': 1 } });
    expect(setAt({}, ['a/b'], 1)).to.deep.equal({ 'a/b': 1 });
  });

  it('refuses __proto__, constructor and prototype anywhere in the path', () => {
    for (const p of ['/__proto__/polluted', '/constructor/prototype/polluted', '/a/prototype', '/a/__proto__', '/constructor']) {
      expect(() => setAt({}, p, true), p).to.throw(SyntaxError);
    }
    expect(() => setAt({}, ['__proto__', 'polluted'], true)).to.throw(SyntaxError);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).to.equal(false);
  });

  it('does not pick up inherited properties as parents', () => {
    const next = setAt({} as Record<string, unknown>, '/toString/x', 1);
    expect(next).to.deep.equal({ toString: { x: 1 } });
    expect(Object.prototype.toString).to.be.a('function');
  });

  it('replaces the whole value at the root pointer', () => {
    expect(setAt({ a: 1 }, '', { b: 2 })).to.deep.equal({ b: 2 });
  });
});

describe('resolvePath', () => {
  it('returns an absolute pointer as it is', () => {
    expect(resolvePath('/evaluation/intentToHarm', '/a/b/c')).to.equal('/evaluation/intentToHarm');
    expect(resolvePath('', '/a/b')).to.equal('');
  });

  it('resolves relative pointers against the field', () => {
    expect(resolvePath('1/status', '/a/b/c')).to.equal('/a/b/status');
    expect(resolvePath('0', '/a/b/c')).to.equal('/a/b/c');
    expect(resolvePath('0/x', '/a/b/c')).to.equal('/a/b/c/x');
    expect(resolvePath('2/x/y', '/a/b/c')).to.equal('/a/x/y');
    expect(resolvePath('3/top', '/a/b/c')).to.equal('/top');
    expect(resolvePath('1', '/a/b/c')).to.equal('/a/b');
    expect(resolvePath('3', '/a/b/c')).to.equal('');
    expect(resolvePath('1/status', '/responseActions/actions/reprimand/date')).to.equal('/responseActions/actions/reprimand/status');
    expect(resolvePath('1/x', '/a~1b/c')).to.equal('/a~1b/x');
  });

  it('throws for going above the root', () => {
    expect(() => resolvePath('4/x', '/a/b/c')).to.throw(SyntaxError, /above the root/);
    expect(() => resolvePath('1/x', '')).to.throw(SyntaxError, /above the root/);
    expect(() => resolvePath('10', '/a')).to.throw(SyntaxError);
  });

  it('throws for a path that is neither absolute nor relative', () => {
    for (const p of ['status', '-1/x', '1status', 'a/1', '1#']) {
      expect(() => resolvePath(p, '/a/b'), p).to.throw(SyntaxError);
    }
  });
});
