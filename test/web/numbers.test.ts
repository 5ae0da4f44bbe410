import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../web/src/i18n/numbers.js';

const persian = (latin: string) => latin.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))).replace('.', '٫');
const arabic = (latin: string) => latin.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))).replace('.', '٫');

// Decimals as people type them: digits, at most one point, no exponent.
const typed = fc
  .tuple(fc.nat({ max: 10_000_000 }), fc.option(fc.nat({ max: 999 }), { nil: undefined }), fc.boolean())
  .map(([whole, fraction, negative]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);

describe('parseNumber (numbers typed in the web app’s forms)', () => {
  it('reads the same number from Latin, Persian and Arabic-Indic digits', () => {
    fc.assert(
      fc.property(typed, (latin) => {
        const value = Number(latin);
        expect(parseNumber(latin)).toBe(value);
        expect(parseNumber(persian(latin))).toBe(value);
        expect(parseNumber(arabic(latin))).toBe(value);
      }),
    );
  });

  it('refuses a comma, which is a thousands separator to some readers and a decimal mark to others', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 999 }), (a, b) => {
        expect(parseNumber(`${a},${b}`)).toBeNull();
      }),
    );
  });

  it('refuses text that is not a number', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => /[^\d\s.\-۰-۹٠-٩٫٬−]/.test(s)),
        (text) => {
          expect(parseNumber(text)).toBeNull();
        },
      ),
    );
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1.2.3')).toBeNull();
  });
});
