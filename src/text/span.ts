/** Offsets into the caller's original text, in UTF-16 code units (JavaScript string indices). */
export interface Span {
  start: number;
  end: number;
}
