/**
 * McNemar's exact test of two runs on the same items: only the discordant pairs count (b: A right and B
 * wrong, c: A wrong and B right); under "no difference" b is Binomial(b + c, 1/2). The two-sided p-value is
 * min(1, 2 · P(X ≤ min(b, c))). Terms are built by C(n, k+1) = C(n, k)·(n − k)/(k + 1) from 2^−n, exact in
 * doubles for small n; above 1000 discordant pairs (where 2^−n underflows) they are summed in logarithms.
 */
export function mcnemarExact(b: number, c: number): number {
  for (const count of [b, c]) if (!Number.isInteger(count) || count < 0) throw new Error('McNemar counts must be whole numbers ≥ 0');
  const n = b + c;
  const tail = Math.min(b, c);
  if (n === 0) return 1;
  let sum = 0;
  if (n <= 1000) {
    let term = 2 ** -n;
    for (let k = 0; k <= tail; k++) {
      sum += term;
      term = (term * (n - k)) / (k + 1);
    }
  } else {
    const logTerms: number[] = [];
    let logTerm = -n * Math.LN2;
    for (let k = 0; k <= tail; k++) {
      logTerms.push(logTerm);
      logTerm += Math.log(n - k) - Math.log(k + 1);
    }
    const max = Math.max(...logTerms);
    sum = Math.exp(max) * logTerms.reduce((total, t) => total + Math.exp(t - max), 0);
  }
  return Math.min(1, 2 * sum);
}
