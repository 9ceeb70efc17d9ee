import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small, real HTTP server that speaks OpenAI's chat completions (JSON and SSE) and embeddings
 * APIs: the upstream the proxy tests talk to (there is no internet). It answers with `reply(body)`
 * (by default it echoes the last user message), streams it in chunks of `chunkChars`, and keeps
 * every request it was sent so tests can see what went up and count the calls.
 */
export interface FakeUpstream {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
  /** What the next answers say, from the request body. */
  reply: (body: Record<string, unknown>) => string;
  chunkChars: number;
  /** Milliseconds between streamed chunks (0: all at once). */
  delayMs: number;
  /** Streams that ended because the proxy went away before the last chunk. */
  aborted: number;
  close(): Promise<void>;
}

const lastUserText = (body: Record<string, unknown>): string => {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
};

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const fake: FakeUpstream = {
    url: '',
    requests: [],
    reply: (body) => `You said: ${typeof body.prompt === 'string' ? body.prompt : lastUserText(body)}`,
    chunkChars: 7,
    delayMs: 0,
    aborted: 0,
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
      if (path === '/embeddings') {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.1, 0.2, 0.3] })),
            model: body.model,
            usage: { prompt_tokens: 3, total_tokens: 3 },
          }),
        );
        return;
      }
      if (path === '/completions') {
        completions(fake, body, res);
        return;
      }
      if (path !== '/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      if (body.model === 'missing-model') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: 'The model does not exist',
              type: 'invalid_request_error',
              code: 'model_not_found',
            },
          }),
        );
        return;
      }
      if (body.model === 'odd-shape-model') {
        // An upstream of another API, or a broken one: valid JSON that is no chat completion.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: 'none today', usage: 5 }));
        return;
      }
      const answer = fake.reply(body);
      const id = `chatcmpl-fake${fake.requests.length}`;
      const created = 1_700_000_000;
      // 'json-only-model': an upstream that ignores `stream: true` and answers with one JSON body.
      if (body.stream !== true || body.model === 'json-only-model') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }, null));
      void (async () => {
        for (let i = 0; i < answer.length; i += fake.chunkChars) {
          if (res.destroyed) {
            fake.aborted++;
            return;
          }
          res.write(chunk({ content: answer.slice(i, i + fake.chunkChars) }, null));
          if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
        }
        res.write(chunk({}, 'stop'));
        res.end('data: [DONE]\n\n');
      })();
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

/** Legacy completions: `choices[].text`, as JSON or as `text_completion` chunks. */
function completions(fake: FakeUpstream, body: Record<string, unknown>, res: ServerResponse): void {
  const answer = fake.reply(body);
  const id = `cmpl-fake${fake.requests.length}`;
  const created = 1_700_000_000;
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'text_completion',
        created,
        model: body.model,
        choices: [{ index: 0, text: answer, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (text: string, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'text_completion', created, model: body.model, choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] })}\n\n`;
  for (let i = 0; i < answer.length; i += fake.chunkChars)
    res.write(chunk(answer.slice(i, i + fake.chunkChars), null));
  res.write(chunk('', 'stop'));
  res.end('data: [DONE]\n\n');
}
