/** The labels journal's file name pattern: `.alw/labels/<dataset>.labels.jsonl` is JSONL but no dataset. */
export const LABELS_JOURNAL_FILE = /\/\.alw\/labels\/[^/]*\.labels\.jsonl$/i;
