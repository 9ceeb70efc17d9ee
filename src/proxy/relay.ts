import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { type Decision, type PolicyEvaluation, worst } from '../policies/evaluate.js';
import type { ProxyOutcome } from './core.js';
import { sseData } from './sse.js';
import { PlaceholderCarry, StreamBlocked, WindowGuard } from './stream-guard.js';

/** What one upstream event means for the relay; the API's parser decides. */
export interface UpstreamEvent {
  /** Answer text it carries (held back until checked). */
  text?: string;
  /** Sent to the client as it is, before anything held back (Anthropic's message_start). */
  write?: string;
  /** The answer is over. */
  end?: boolean;
  /** The upstream reported an error: sent as it is, and the stream ends. */
  error?: string;
}

/** How an API writes its stream: checked text, its closing events, a blocked window, a failure. */
export interface StreamFrames {
  text(text: string): string;
  end(): string;
  blocked(evaluation: PolicyEvaluation): string;
  failed(): string;
}

export interface RelayOptions {
  reply: FastifyReply;
  upstream: AsyncIterable<Uint8Array | string>;
  /** Aborted when the client went away. */
  signal: AbortSignal;
  /** Output guards on one window. */
  evaluate: (window: string) => Promise<PolicyEvaluation>;
  windowChars: number;
  overlapChars: number;
  /** Restores input placeholders (only when the input was redacted). */
  restore?: (text: string) => Promise<string>;
  read: (data: string) => UpstreamEvent;
  frames: StreamFrames;
  logger: Logger;
  requestId: string;
}

/** How a relayed stream ended, for the call's outcome. */
export type RelayResult = Pick<ProxyOutcome, 'status' | 'receivedChars' | 'checkedChars' | 'windows'> & {
  output: Decision | null;
  /** Everything the upstream sent as answer text (TokenGuard counts it). */
  receivedText: string;
};

/**
 * Relays a streamed answer with output guards on sliding windows, for every streaming API of the
 * proxy: text is held back until a window holding it has been checked (a placeholder cut across
 * chunks until whole), a blocked window ends the stream with the API's error event, and the
 * result says `passed` only when every character received was checked.
 */
export async function relayGuardedStream(options: RelayOptions): Promise<RelayResult> {
  const { frames } = options;
  const out = new PassThrough();
  // A client that went away destroys the stream; later writes are dropped, never a crash.
  out.on('error', () => undefined);
  void options.reply
    .type('text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('x-accel-buffering', 'no')
    .send(out);
  const guard = new WindowGuard(options.evaluate, options.windowChars, options.overlapChars);
  const carry = new PlaceholderCarry();
  const { restore } = options;
  // `last`: the end of the answer, where a held-back partial placeholder goes out as it is.
  const release = async (text: string, last = false) => {
    const content = restore
      ? await restore(last ? carry.push(text) + carry.flush() : carry.push(text))
      : text;
    if (content.length > 0) out.write(frames.text(content));
  };
  let status: ProxyOutcome['status'] = 'incomplete';
  let output: Decision | null = null;
  try {
    for await (const data of sseData(options.upstream)) {
      const event = options.read(data);
      if (event.write) out.write(event.write);
      if (event.error) {
        status = 'upstream_error';
        out.write(event.error);
        return result();
      }
      if (event.text) await release(await guard.feed(event.text));
      if (event.end) break;
    }
    await release(await guard.finish(), true);
    output = worst(guard.evaluations.map((e) => e.decision));
    out.write(frames.end());
    status = guard.complete ? 'passed' : 'incomplete';
  } catch (err) {
    if (err instanceof StreamBlocked) {
      status = 'blocked_output';
      output = 'block';
      out.write(frames.blocked(err.evaluation));
    } else {
      status = options.signal.aborted ? 'incomplete' : 'upstream_error';
      options.logger.warn({ err, request_id: options.requestId }, 'proxy: stream ended early');
      if (!options.signal.aborted) out.write(frames.failed());
    }
  } finally {
    out.end();
  }
  return result();

  function result(): RelayResult {
    return {
      status,
      output,
      receivedChars: guard.receivedChars,
      checkedChars: guard.checkedChars,
      windows: guard.windows,
      receivedText: guard.receivedText,
    };
  }
}
