/**
 * Text folded for searching, so a name is found whatever keyboard typed it: Persian, Arabic-Indic
 * and Latin digits are one; Arabic ي/ك and Persian ی/ک are one; hamza forms of alef, teh marbuta,
 * diacritics, tatweel and zero-width joiners are ignored; Latin letters lose case and accents.
 */
const letters: Record<string, string> = { ي: 'ی', ى: 'ی', ئ: 'ی', ك: 'ک', ة: 'ه', أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ؤ: 'و' };

export function foldForSearch(text: string): string {
  return text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200c\u200d]/g, '')
    .toLowerCase()
    .replace(/[يىئكةأإآٱؤ]/g, (ch) => letters[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word typed appears somewhere in the texts (a code, a name in any script). */
export function matchesSearch(query: string, texts: readonly (string | undefined)[]): boolean {
  const haystack = foldForSearch(texts.filter(Boolean).join(' '));
  return foldForSearch(query)
    .split(' ')
    .every((word) => haystack.includes(word));
}
