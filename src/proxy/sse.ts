/**
 * Server-sent events as an upstream sends them: yields each event's `data` (multi-line data joined
 * with newlines), from a byte stream cut anywhere (mid-line, mid-character).
 */
export async function* sseData(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const lines = function* (final: boolean): Generator<string> {
    let nl = buffer.search(/\r\n|\r|\n/);
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      const width = buffer.startsWith('\r\n', nl) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (!final && buffer[nl] === '\r' && nl + 1 === buffer.length) return;
      buffer = buffer.slice(nl + width);
      yield line;
      nl = buffer.search(/\r\n|\r|\n/);
    }
  };
  const take = (line: string): string | undefined => {
    if (line === '') {
      if (data.length === 0) return undefined;
      const event = data.join('\n');
      data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    return undefined;
  };
  for await (const chunk of body) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const line of lines(false)) {
      const event = take(line);
      if (event !== undefined) yield event;
    }
  }
  buffer += decoder.decode();
  for (const line of lines(true)) {
    const event = take(line);
    if (event !== undefined) yield event;
  }
  if (buffer !== '') {
    const event = take(buffer);
    if (event !== undefined) yield event;
  }
  if (data.length > 0) yield data.join('\n');
}

export const sseEvent = (data: unknown): string =>
  `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** A named event, as Anthropic's streams send them (`event: content_block_delta`). */
export const sseNamedEvent = (event: string, data: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
