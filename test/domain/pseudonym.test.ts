import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDocumentNumber, pseudonymKey } from '../../src/domain/households/pseudonym.js';

const secret = Buffer.alloc(32, 7);
const persianDigits = '۰۱۲۳۴۵۶۷۸۹';
const arabicDigits = '٠١٢٣٤٥٦٧٨٩';
const inScript = (digits: string, script: string) => digits.replace(/[0-9]/g, (d) => script[Number(d)]!);

describe('household pseudonym', () => {
  it('gives the same key whatever digits, spaces or dashes the number was typed with', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), fc.constantFrom('', ' ', '-'), (digits, separator) => {
        const key = pseudonymKey(secret, digits);
        expect(pseudonymKey(secret, inScript(digits, persianDigits))).toBe(key);
        expect(pseudonymKey(secret, inScript(digits, arabicDigits))).toBe(key);
        expect(pseudonymKey(secret, `${digits.slice(0, 3)}${separator}${digits.slice(3)} `)).toBe(key);
        expect(key).toMatch(/^[0-9a-f]{64}$/);
        expect(key).not.toContain(digits);
      }),
    );
  });

  it('differs for another number and under another secret', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), fc.stringMatching(/^[0-9]{9}$/), (a, b) => {
        fc.pre(a !== b);
        expect(pseudonymKey(secret, a)).not.toBe(pseudonymKey(secret, b));
        expect(pseudonymKey(Buffer.alloc(32, 8), a)).not.toBe(pseudonymKey(secret, a));
      }),
    );
  });

  it('folds letters of passport numbers and refuses numbers too short to identify anyone', () => {
    expect(normaliseDocumentNumber(' ab-12 34 ')).toBe('ab1234');
    expect(() => normaliseDocumentNumber('1-2')).toThrow(/4 to 40/);
    expect(() => pseudonymKey(Buffer.alloc(16), '123456789')).toThrow(/32 bytes/);
  });
});
