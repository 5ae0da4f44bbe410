/**
 * Folding for matching names and identity numbers typed in Persian, Arabic or Latin script.
 * Arabic ي/ك and Persian ی/ک are different code points; digits come in three systems. Matching
 * must not depend on which keyboard the field worker had.
 */
const digitZero = [0x30, 0x660, 0x6f0]; // ASCII, Arabic-Indic, Extended Arabic-Indic (Persian)

export function foldDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const zero = digitZero.find((z) => code >= z && code <= z + 9);
    out += zero === undefined ? ch : String.fromCharCode(0x30 + code - zero);
  }
  return out;
}

const letterFolds: Record<string, string> = {
  'ي': 'ی', // Arabic yeh → Persian yeh
  'ى': 'ی', // alef maksura
  'ك': 'ک', // Arabic kaf → keheh
  'ة': 'ه', // teh marbuta
  'أ': 'ا',
  'إ': 'ا',
  'آ': 'ا',
  'ٱ': 'ا',
  'ؤ': 'و',
  'ئ': 'ی',
};

/** Lower-cased, diacritics and tatweel removed, letters and digits folded, spaces collapsed. */
export function foldForMatch(text: string): string {
  const folded = foldDigits(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200c\u200d]/g, '')
    .toLowerCase();
  let out = '';
  for (const ch of folded) out += letterFolds[ch] ?? ch;
  return out.replace(/\s+/g, ' ').trim();
}
