// Kazakhstan's individual identification number (ЖСН / ИИН): 12 digits, the last a check digit.
// The check digit is the weighted sum of the first 11 digits mod 11 with weights 1..11; when that
// gives 10, again with weights 3..11,1,2; a second 10 means the number is not valid.

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export function iinCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  const sum = (w: number[]) => d.reduce((s, x, i) => s + x * w[i]!, 0) % 11;
  let c = sum(W1);
  if (c === 10) c = sum(W2);
  return c === 10 ? null : c;
}

export function isValidIin(iin: string): boolean {
  if (!/^\d{12}$/.test(iin)) return false;
  return iinCheckDigit(iin.slice(0, 11)) === Number(iin[11]);
}
