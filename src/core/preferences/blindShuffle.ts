/**
 * Blind review: which response of a pair is shown as A is drawn from the seed and the pair's key, so the same
 * seed shows the same layout every time the panel opens, and the label records the seed and the draw.
 */
import type { JudgeOrder } from './judgeOrder';
import { sha256Hex } from './pairHash';

export function shownOrder(seed: string, pair: string): JudgeOrder {
  return parseInt(sha256Hex(`${seed}\u0000${pair}`).slice(0, 2), 16) & 1 ? 'ba' : 'ab';
}

/** A choice of slot (A, B) in the pair's own terms. */
export function slotChoice(slot: 'A' | 'B', shown: JudgeOrder): 'first' | 'second' {
  return (slot === 'A') === (shown === 'ab') ? 'first' : 'second';
}
