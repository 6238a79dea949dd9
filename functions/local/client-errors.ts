import type { Socket } from "node:net";
import type { ServerType } from "@hono/node-server";
import { describe } from "../core/messages";
import { PROBLEM_TYPE_BASE } from "../http/problem";

/** What Node's HTTP parser refuses before the app sees the request, as the API's statuses and codes. */
const PARSER_ERRORS: Record<string, { status: number; reason: string; code: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: "Request Header Fields Too Large", code: "request.headers_too_large" },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, reason: "Payload Too Large", code: "request.too_large" },
};

/**
 * Requests that Node's HTTP server refuses itself (headers over 16 KB, a request line it cannot parse) get a
 * problem+json answer like every other refusal, instead of Node's bare status line. Deployed, API Gateway answers
 * these before any function runs.
 */
export function answerClientErrors(server: ServerType): void {
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (!socket.writable || (err.code === "ECONNRESET" && !socket.bytesWritten)) return void socket.destroy();
    const known = PARSER_ERRORS[err.code ?? ""] ?? { status: 400, reason: "Bad Request", code: "request.malformed" };
    const body = JSON.stringify({
      type: PROBLEM_TYPE_BASE + known.code,
      title: describe(known.code, "vi").title,
      status: known.status,
      code: known.code,
      instance: "",
    });
    // An answer to HEAD has no body (the parser may have read the method before it gave up).
    const head = err.rawPacket?.subarray(0, 5).toString("latin1") === "HEAD ";
    socket.end(
      `HTTP/1.1 ${known.status} ${known.reason}\r\n` +
        "content-type: application/problem+json; charset=utf-8\r\n" +
        "content-language: vi\r\n" +
        `content-length: ${head ? 0 : Buffer.byteLength(body)}\r\n` +
        "connection: close\r\n\r\n" +
        (head ? "" : body),
    );
  });
}
