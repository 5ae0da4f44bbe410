/**
 * Reads a number typed with Persian, Arabic-Indic or Latin digits. A comma is refused rather than
 * guessed: "1,000" is a thousand to some readers and one to others, and quantities must not be guessed.
 */
export function parseNumber(text: string): number | null {
  const latin = text
    .trim()
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/٫/g, '.')
    .replace(/−/g, '-')
    .replace(/[\s٬]/g, '');
  if (latin === '' || !/^-?\d*\.?\d+$/.test(latin)) return null;
  return Number(latin);
}
