import type { PolicyEvaluation } from '../policies/evaluate.js';

/** Thrown when a window of a streamed answer is blocked; nothing of that window was released. */
export class StreamBlocked extends Error {
  constructor(
    readonly evaluation: PolicyEvaluation,
    /** Characters of the answer released to the client before the blocked window. */
    readonly releasedChars: number,
  ) {
    super('the streamed answer was blocked by the guard policy');
    this.name = 'StreamBlocked';
  }
}

/**
 * Output guards on a streamed answer: text is held back until a window holding it has been
 * checked, then released. Each window is `windowChars` long and overlaps the previous one by
 * `overlapChars`, so anything up to `overlapChars` long that straddles two windows is still seen
 * whole by one of them. `complete` is true only when every character received was checked.
 */
export class WindowGuard {
  private text = '';
  private checked = 0;
  windows = 0;
  readonly evaluations: PolicyEvaluation[] = [];

  constructor(
    private readonly check: (window: string) => Promise<PolicyEvaluation>,
    private readonly windowChars: number,
    private readonly overlapChars: number,
  ) {}

  /** Adds a delta; returns the text now checked and safe to release (often ''). */
  async feed(delta: string): Promise<string> {
    this.text += delta;
    const step = this.windowChars - this.overlapChars;
    let released = '';
    while (this.text.length - this.checked >= step) released += await this.checkTo(this.checked + step);
    return released;
  }

  /** Checks whatever is left (at least one window, even for an empty answer) and returns it. */
  async finish(): Promise<string> {
    if (this.checked < this.text.length || this.windows === 0) return this.checkTo(this.text.length);
    return '';
  }

  get complete(): boolean {
    return this.windows > 0 && this.checked === this.text.length;
  }

  get receivedText(): string {
    return this.text;
  }

  get receivedChars(): number {
    return this.text.length;
  }

  get checkedChars(): number {
    return this.checked;
  }

  private async checkTo(end: number): Promise<string> {
    const start = Math.max(0, end - this.windowChars);
    const evaluation = await this.check(this.text.slice(start, end));
    this.windows++;
    this.evaluations.push(evaluation);
    // A streamed answer cannot be rewritten after the fact: redaction of a window blocks it.
    if (evaluation.decision === 'block' || evaluation.decision === 'redact') {
      throw new StreamBlocked(evaluation, this.checked);
    }
    const released = this.text.slice(this.checked, end);
    this.checked = end;
    return released;
  }
}

/**
 * Holds back a trailing, possibly unfinished redaction placeholder (`[EMAIL_` of `[EMAIL_1]`) so
 * it is restored whole once the rest arrives.
 */
export class PlaceholderCarry {
  private carry = '';

  push(text: string): string {
    const all = this.carry + text;
    const open = /\[[A-Z0-9_]{0,40}$/.exec(all);
    if (open) {
      this.carry = all.slice(open.index);
      return all.slice(0, open.index);
    }
    this.carry = '';
    return all;
  }

  flush(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}
