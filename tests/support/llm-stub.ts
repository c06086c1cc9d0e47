import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a chat-completions request carries (the parts the stubs look at). */
export interface CompletionRequest {
  model: string;
  messages: { role: string; content: string }[];
}

export interface LlmStub {
  url: string;
  /** Each request: "METHOD path authorization" and its body, one line then the JSON. */
  requests: string[];
  server: Server;
  close(): Promise<void>;
}

/** A local stand-in for an OpenAI-compatible chat-completions endpoint (no network); `reply` decides each answer. */
export async function stubEndpoint(reply: (body: CompletionRequest, res: ServerResponse) => void): Promise<LlmStub> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}\n${text}`);
      reply(JSON.parse(text) as CompletionRequest, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A chat-completions reply whose message is `content`. */
export const completion = (content: string): string => JSON.stringify({ choices: [{ message: { role: "assistant", content } }] });
