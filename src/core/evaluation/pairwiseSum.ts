/**
 * Sums as numpy does (`np.sum`, `np.mean` on float64): pairwise summation with an 8-way unrolled block of at
 * most 128 elements, split in two (on a multiple of 8) above that. Scores that must equal the AceGPT harness's
 * metrics.json to the last bit need this: an 8-element mean (MMLU's "health" subcategory) differs from a
 * left-to-right sum there. numpy starts the reduction from the identity 0, so the result is 0 + pairwise(a).
 */
const BLOCK = 128;

export function pairwiseSum(values: readonly number[]): number {
  return 0 + pairwise(values, 0, values.length);
}

/** `np.mean`: the pairwise sum over the count (NaN for no values, as numpy). */
export function pairwiseMean(values: readonly number[]): number {
  return pairwiseSum(values) / values.length;
}

function pairwise(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[start + i];
    return sum;
  }
  if (n <= BLOCK) {
    const r = a.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) sum += a[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(a, start, half) + pairwise(a, start + half, n - half);
}
