import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import type { ExpressionEvaluator } from '../../../host/expressions/evaluate.ts';
import { makeData } from './fixtures.ts';

let ev: ExpressionEvaluator;
beforeAll(() => {
  ev = createExpressionEvaluator();
});
afterAll(() => ev.dispose());

const data = makeData({ timezone: 'UTC' });
const e = (code: string) => ev.evaluate(code, data);

describe('string extensions', () => {
  it('emptiness', () => {
    expect(e('"".isEmpty()')).toBe(true);
    expect(e('"a".isEmpty()')).toBe(false);
    expect(e('"a".isNotEmpty()')).toBe(true);
    expect(e('"  ".isBlank()')).toBe(true);
  });

  it('case conversions', () => {
    expect(e('"the quick brown fox".toTitleCase()')).toBe('The Quick Brown Fox');
    expect(e('"war and peace".toTitleCase()')).toBe('War and Peace');
    expect(e('"hELLO world. how ARE you? fine!".toSentenceCase()')).toBe('Hello world. How are you? Fine!');
    expect(e('"Quick brown-fox $jumps".toSnakeCase()')).toBe('quick_brown_fox_jumps');
    expect(e('"quick brown fox".toCamelCase()')).toBe('quickBrownFox');
    expect(e('"someValue here".toKebabCase()')).toBe('some-value-here');
  });

  it('extraction and validation', () => {
    expect(e('"Contact me at jane.doe@example.com today".extractEmail()')).toBe('jane.doe@example.com');
    expect(e('"no email".extractEmail()')).toBe(undefined);
    expect(e('"see https://example.com/path?q=1 now".extractUrl()')).toBe('https://example.com/path?q=1');
    expect(e('"https://www.example.com/a/b".extractDomain()')).toBe('www.example.com');
    expect(e('"user@mail.example.org".extractDomain()')).toBe('mail.example.org');
    expect(e('"https://example.com/orders/1/details".extractUrlPath()')).toBe('/orders/1/details');
    expect(e('"jane@example.com".isEmail()')).toBe(true);
    expect(e('"jane @example.com".isEmail()')).toBe(false);
    expect(e('"https://example.com".isUrl()')).toBe(true);
    expect(e('"example.com".isUrl()')).toBe(false);
    expect(e('"example.com".isDomain()')).toBe(true);
    expect(e('"123.5".isNumeric()')).toBe(true);
    expect(e('"12a".isNumeric()')).toBe(false);
    expect(e('"1 2".isNumeric()')).toBe(false);
  });

  it('conversions', () => {
    expect(e('"42".toNumber()')).toBe(42);
    expect(e('"€12.50".toNumber()')).toBe(12.5);
    expect(() => e('"abc".toNumber()')).toThrow('cannot convert to number');
    expect(e('"42.9".toInt()')).toBe(42);
    expect(e('"ff".toInt(16)')).toBe(255);
    expect(e('"3.25".toFloat()')).toBe(3.25);
    expect(() => e('"3,25".toFloat()')).toThrow(/decimal separator/);
    expect(e('"true".toBoolean()')).toBe(true);
    expect(e('"no".toBoolean()')).toBe(false);
    expect(e('"0".toBoolean()')).toBe(false);
    expect(e('"yes".toBoolean()')).toBe(true);
    expect(e('"2024-03-30T18:49:00Z".toDateTime().toISO()')).toBe('2024-03-30T18:49:00.000Z');
    expect(e('"30/04/2024".toDateTime("dd/MM/yyyy").toISODate()')).toBe('2024-04-30');
    expect(e('"Tue, 01 Nov 2016 13:23:12 +0000".toDateTime().toMillis()')).toBe(Date.UTC(2016, 10, 1, 13, 23, 12));
    expect(e('"1708695471".toDateTime("s").toMillis()')).toBe(1708695471000);
    expect(e('\'{"a":[1]}\'.parseJson()')).toEqual({ a: [1] });
    expect(() => e("\"{'a':1}\".parseJson()")).toThrow(/double quotes/);
  });

  it('encoding and hashing', () => {
    expect(e('"hello wörld €".base64Encode()')).toBe(Buffer.from('hello wörld €').toString('base64'));
    expect(e(`"${Buffer.from('hello wörld €').toString('base64')}".base64Decode()`)).toBe('hello wörld €');
    expect(e('"a b&c".urlEncode()')).toBe('a%20b%26c');
    expect(e('"https://x.com/a b?c=d".urlEncode(true)')).toBe('https://x.com/a%20b?c=d');
    expect(e('"a%20b%26c".urlDecode()')).toBe('a b&c');
    expect(e('"abc".hash()')).toBe(createHash('md5').update('abc').digest('hex'));
    expect(e('"abc".hash("sha1")')).toBe(createHash('sha1').update('abc').digest('hex'));
    expect(e('"abc".hash("sha256")')).toBe(createHash('sha256').update('abc').digest('hex'));
    expect(e('"abc".hash("sha512")')).toBe(createHash('sha512').update('abc').digest('hex'));
    expect(e('"abc".hash("sha3")')).toBe(createHash('sha3-512').update('abc').digest('hex'));
    expect(e('"abc".hash("base64")')).toBe('YWJj');
    expect(() => e('"abc".hash("whirlpool")')).toThrow(/Unsupported hash algorithm/);
  });

  it('cleaning', () => {
    expect(e('"<b>bold</b>, <a href=\\"x\\">link</a>".removeTags()')).toBe('bold, link');
    expect(e('"# Title\\n**bold** and _it_ [link](http://x) `code`".removeMarkdown()')).toBe('Title\nbold and it link code');
    expect(e('"Crème brûlée, Straße, Øre".replaceSpecialChars()')).toBe('Creme brulee, Strasse, Ore');
    expect(e('"say \\"hi\\"".quote()')).toBe('"say \\"hi\\""');
    expect(e('"it\'s".quote("\'")')).toBe("'it\\'s'");
    expect(e('"  x  ".trim() + "|" + "  x".trimStart()')).toBe('x|x');
  });
});

describe('number extensions', () => {
  it('rounding and checks', () => {
    expect(e('(1.256).round(2)')).toBe(1.26);
    expect(e('(1.5).round()')).toBe(2);
    expect(e('(1.7).floor()')).toBe(1);
    expect(e('(1.2).ceil()')).toBe(2);
    expect(e('(-3).abs()')).toBe(3);
    expect(e('(4).isEven()')).toBe(true);
    expect(e('(-3).isOdd()')).toBe(true);
    expect(() => e('(1.5).isEven()')).toThrow(/integers/);
    expect(e('(4.0).isInteger()')).toBe(true);
    expect(e('(0).toBoolean()')).toBe(false);
    expect(e('(-1.3).toBoolean()')).toBe(true);
  });

  it('format and toDateTime', () => {
    expect(e('(123456.789).format("de-DE")')).toBe('123.456,789');
    expect(e('(1234.5).format("en-US", { style: "currency", currency: "USD" })')).toBe('$1,234.50');
    expect(e('(1708695471000).toDateTime().toMillis()')).toBe(1708695471000);
    expect(e('(1708695471).toDateTime("s").toMillis()')).toBe(1708695471000);
    expect(e('(1708695471000000).toDateTime("us").toMillis()')).toBe(1708695471000);
    expect(e('(45345).toDateTime("excel").toUTC().toISODate()')).toBe('2024-02-23');
  });
});

describe('boolean extensions', () => {
  it('converts', () => {
    expect(e('true.toNumber()')).toBe(1);
    expect(e('false.toNumber()')).toBe(0);
    expect(e('true.toString()')).toBe('true');
  });
});

describe('array extensions', () => {
  it('basic access', () => {
    expect(e('[1, 2, 3].first()')).toBe(1);
    expect(e('[1, 2, 3].last()')).toBe(3);
    expect(e('[].isEmpty()')).toBe(true);
    expect(e('[0].isNotEmpty()')).toBe(true);
    expect(e('["a", "b"].includes(["a", "b"].randomItem())')).toBe(true);
  });

  it('aggregation', () => {
    expect(e('[12, 1, 5].sum()')).toBe(18);
    expect(e('[12, 1, 5].average()')).toBe(6);
    expect(e('[].average()')).toBe(0);
    expect(e('[12, 1, 5].min()')).toBe(1);
    expect(e('[12, 1, 5].max()')).toBe(12);
    expect(() => e('[1, "a"].sum()')).toThrow(/must be numbers/);
  });

  it('reshaping', () => {
    expect(e('[{ name: "Nathan", age: 42 }, { name: "Jan", city: "Berlin" }].pluck("name")')).toEqual(['Nathan', 'Jan']);
    expect(e('[{ name: "Nathan", age: 42 }, { name: "Jan", city: "Berlin" }].pluck("age")')).toEqual([42]);
    expect(e('[1, 2, 1, { a: 1 }, { a: 1 }].unique()')).toEqual([1, 2, { a: 1 }]);
    expect(e('[{ a: 1, b: 1 }, { a: 1, b: 2 }].removeDuplicates("a")')).toEqual([{ a: 1, b: 1 }]);
    expect(e('[1, 2, 3, 4, 5].chunk(2)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(e('[2, null, 1, "", undefined, {}, { a: null, b: 1 }].compact()')).toEqual([2, 1, { b: 1 }]);
    expect(e('[1, 2].union([2, 3])')).toEqual([1, 2, 3]);
    expect(e('[1, 2, 3].intersection([2, 3, 4])')).toEqual([2, 3]);
    expect(e('[1, 2, 3].difference([2, 3])')).toEqual([1]);
    expect(e('[{ name: "Nathan" }, { age: 42 }].merge([{ city: "Berlin" }, { country: "Germany" }])')).toEqual({ name: 'Nathan', age: 42, city: 'Berlin', country: 'Germany' });
    expect(e('[{ a: 1 }, { a: 2, b: 3 }].merge()')).toEqual({ a: 1, b: 3 });
    expect(e('[{ name: "k1", value: 1 }, { name: "k2", value: 2 }].smartJoin("name", "value")')).toEqual({ k1: 1, k2: 2 });
    expect(e('[{ name: "bob" }, { name: "meg" }].renameKeys("name", "x")')).toEqual([{ x: 'bob' }, { x: 'meg' }]);
    expect(e('[1, { a: "x" }].toJsonString()')).toBe('[1,{"a":"x"}]');
    expect(e('[1].append(2, 3)')).toEqual([1, 2, 3]);
  });
});

describe('object extensions', () => {
  it('queries', () => {
    expect(e('({}).isEmpty()')).toBe(true);
    expect(e('({ a: 1 }).isNotEmpty()')).toBe(true);
    expect(e('({ name: "Nathan", age: 42 }).hasField("name")')).toBe(true);
    expect(e('({ name: "Nathan", age: 42 }).hasField("Name")')).toBe(false);
    expect(e('({ a: 1, b: 2 }).keys()')).toEqual(['a', 'b']);
    expect(e('({ a: 1, b: 2 }).values()')).toEqual([1, 2]);
  });

  it('transformations', () => {
    expect(e('({ name: "Nathan", city: "hanoi" }).removeField("name")')).toEqual({ city: 'hanoi' });
    expect(e('({ name: "Mr Nathan", city: "hanoi", age: 42 }).removeFieldsContaining("Nathan")')).toEqual({ city: 'hanoi', age: 42 });
    expect(e('({ name: "Mr Nathan", city: "hanoi", age: 42 }).keepFieldsContaining("han")')).toEqual({ name: 'Mr Nathan', city: 'hanoi' });
    expect(e('({ x: null, y: 2, z: "", n: { q: undefined, r: 1 } }).compact()')).toEqual({ y: 2, n: { r: 1 } });
    expect(e('({ name: "Mr Nathan", city: "hanoi" }).urlEncode()')).toBe('name=Mr+Nathan&city=hanoi');
    expect(e('({ a: 1 }).merge({ a: 2, b: 3 })')).toEqual({ a: 1, b: 3 });
    expect(e('({ a: "x" }).toJsonString()')).toBe('{"a":"x"}');
  });

  it('works on item data', () => {
    expect(e('$json.nested.isNotEmpty()')).toBe(true);
    expect(e('$json.keys().length')).toBe(3);
    expect(e('$json.name.toSnakeCase()')).toBe('world');
  });
});

describe('DateTime extensions', () => {
  const dt = 'DateTime.fromISO("2024-03-30T18:49:07.234", { zone: "UTC" })';
  it('format / beginningOf / endOfMonth / extract', () => {
    expect(e(`${dt}.format("dd/LL/yyyy")`)).toBe('30/03/2024');
    expect(e(`${dt}.format("HH 'hours and' mm 'minutes'")`)).toBe('18 hours and 49 minutes');
    expect(e(`${dt}.beginningOf("month").toISO()`)).toBe('2024-03-01T00:00:00.000Z');
    expect(e(`${dt}.beginningOf().toISODate()`)).toBe('2024-03-25');
    expect(e(`${dt}.endOfMonth().toISO()`)).toBe('2024-03-31T23:59:59.999Z');
    expect(e(`${dt}.extract("month")`)).toBe(3);
    expect(e(`${dt}.extract("hour")`)).toBe(18);
    expect(e(`${dt}.extract()`)).toBe(13);
    expect(e(`${dt}.extract("yearDayNumber")`)).toBe(90);
  });

  it('plus / minus with (n, unit) and with objects', () => {
    expect(e(`${dt}.plus(7, "days").toISODate()`)).toBe('2024-04-06');
    expect(e(`${dt}.minus(4, "years").toISODate()`)).toBe('2020-03-30');
    expect(e(`${dt}.plus({ hours: 1 }).hour`)).toBe(19);
    expect(e(`${dt}.plus(1000).second`)).toBe(8);
    expect(e(`${dt}.endOf("day").toISO()`)).toBe('2024-03-30T23:59:59.999Z');
  });

  it('comparisons and helpers', () => {
    expect(e(`${dt}.isBetween("2020-06-01", "2025-06-01")`)).toBe(true);
    expect(e(`${dt}.isBetween("2025-06-01", "2020-06-01")`)).toBe(true);
    expect(e(`${dt}.isBetween("2024-04-01", "2025-06-01")`)).toBe(false);
    expect(e(`${dt}.isWeekend()`)).toBe(true);
    expect(e(`${dt}.toDateTime() === ${dt}.toDateTime()`)).toBe(false);
    expect(e(`${dt}.toDateTime().toISO()`)).toBe('2024-03-30T18:49:07.234Z');
    expect(e('DateTime.fromISO("2025-01-01T00:00:00Z").diffTo("2024-12-30T00:00:00Z", "days")')).toBe(2);
    expect(e('$now.minus(5, "minutes").isInLast(10, "minutes")')).toBe(true);
    expect(e('$now.minus(50, "minutes").isInLast(10, "minutes")')).toBe(false);
    expect(e('typeof $now.isDst()')).toBe('boolean');
    expect(e('new Date("2024-03-30T18:49:00Z").toDateTime().toUTC().hour')).toBe(18);
  });
});
