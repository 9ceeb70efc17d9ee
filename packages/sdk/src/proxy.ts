import { trimBaseUrl } from './client.js';

/**
 * The gateway's OpenAI-compatible base URL, for the official `openai` client (or any client of
 * OpenAI's API): `new OpenAI({ baseURL: proxyBaseUrl('http://localhost:8000'), apiKey })`.
 * Chat completions and embeddings then go through the organization's guard policy to its upstream.
 */
export const proxyBaseUrl = (baseUrl: string): string => `${trimBaseUrl(baseUrl)}/v1`;
