/**
 * The text the quality filter judges in a record: the fields expected to be Arabic for its kind
 * (src/core/recordFields: pre-training text, instruction and output, assistant turns, preference
 * responses, evaluation questions), joined by blank lines. `fields` names top-level fields instead.
 */
import { kindOfRecord, type DatasetKind } from '../datasets/datasetKinds';
import { preferenceFieldText } from '../preferences/preferencePair';
import { recordFieldText, recordFields } from '../datasets/recordFields';

export function recordText(record: Record<string, unknown>, kind?: DatasetKind, fields?: readonly string[]): string {
  if (fields?.length) return fields.map((f) => preferenceFieldText(record[f], true)).filter(Boolean).join('\n\n');
  const recordKind = kind ?? kindOfRecord(record);
  if (!recordKind) return typeof record.text === 'string' ? record.text : '';
  return recordFieldText(recordFields(recordKind, record).filter((f) => f.expectArabic));
}
