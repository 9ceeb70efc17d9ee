import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small, real HTTP server that speaks Anthropic's Messages API (JSON and its named SSE events):
 * the upstream the /v1/messages tests talk to. It answers with `reply(body)` (by default it echoes
 * the last user message), streams it as `content_block_delta` events of `chunkChars`, and keeps
 * every request it was sent so tests can see what went up and count the calls.
 */
export interface FakeAnthropic {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
  reply: (body: Record<string, unknown>) => string;
  chunkChars: number;
  close(): Promise<void>;
}

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((b: { text?: unknown }) => (typeof b.text === 'string' ? b.text : '')).join('')
      : '';

const lastUserText = (body: Record<string, unknown>): string => {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  return textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
};

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const fake: FakeAnthropic = {
    url: '',
    requests: [],
    reply: (body) => `You said: ${lastUserText(body)}`,
    chunkChars: 7,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      const path = (req.url ?? '').replace(/^\/v1/, '');
      fake.requests.push({ path, headers: req.headers, body });
      const fail = (status: number, type: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type, message } }));
      };
      if (path !== '/messages') return fail(404, 'not_found_error', 'not found');
      if (typeof req.headers['x-api-key'] !== 'string')
        return fail(401, 'authentication_error', 'x-api-key header is required');
      if (typeof req.headers['anthropic-version'] !== 'string')
        return fail(400, 'invalid_request_error', 'anthropic-version header is required');
      if (body.model === 'missing-model') return fail(404, 'not_found_error', 'model: missing-model');
      const answer = fake.reply(body);
      const id = `msg_fake${fake.requests.length}`;
      const usage = { input_tokens: 10, output_tokens: 5 };
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id,
            type: 'message',
            role: 'assistant',
            model: body.model,
            content: [{ type: 'text', text: answer }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        event('message_start', {
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model: body.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 10, output_tokens: 1 },
          },
        }),
      );
      res.write(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
      res.write(event('ping', {}));
      for (let i = 0; i < answer.length; i += fake.chunkChars) {
        res.write(
          event('content_block_delta', {
            index: 0,
            delta: { type: 'text_delta', text: answer.slice(i, i + fake.chunkChars) },
          }),
        );
      }
      res.write(event('content_block_stop', { index: 0 }));
      res.write(
        event('message_delta', {
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 5 },
        }),
      );
      res.end(event('message_stop', {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
