import { connect, type Socket } from "node:net";

/**
 * A client of the ClamAV daemon's own protocol (clamd(8), "INSTREAM"), over TCP or a unix socket: the bytes of a
 * file are streamed to clamd in chunks of `<4-byte big-endian length><data>`, ended by a zero length, and clamd
 * answers one line — `stream: OK`, `stream: <signature> FOUND`, or `… ERROR`. Commands use the `z` form
 * (NUL-terminated), so a reply ends at its NUL.
 */

export type ClamdAddress = { host: string; port: number } | { path: string };

/** `unavailable`: clamd could not be reached or gave no answer (see ScanVerdict in core/ports.ts). */
export type ClamdReply =
  | { status: "clean" }
  | { status: "infected"; signature: string }
  | { status: "error"; reason: string; unavailable?: boolean };

export interface ClamdClientOptions {
  /** Milliseconds for the whole exchange (connect, stream, verdict); default 60 s. */
  timeoutMs?: number;
  /** Bytes per INSTREAM chunk; default 64 KiB. */
  chunkBytes?: number;
}

function open(address: ClamdAddress): Socket {
  return "path" in address ? connect(address.path) : connect(address.port, address.host);
}

/** Sends one command (and, for INSTREAM, a body) and resolves with clamd's reply text, NUL removed. */
function exchange(address: ClamdAddress, command: string, body: AsyncIterable<Uint8Array> | undefined, options: ClamdClientOptions): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const socket = open(address);
    const received: Buffer[] = [];
    let settled = false;
    const finish = (err: Error | undefined, reply?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new Error(`clamd did not answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on("error", (err) => finish(err));
    socket.on("data", (data: Buffer) => {
      received.push(data);
      const text = Buffer.concat(received);
      const end = text.indexOf(0);
      if (end >= 0) finish(undefined, text.subarray(0, end).toString("utf8"));
    });
    // clamd closes the connection after its reply; an early close (e.g. "size limit exceeded") still carries one.
    socket.on("end", () => finish(undefined, Buffer.concat(received).toString("utf8").replace(/\0+$/, "")));
    socket.on("connect", () => {
      void (async () => {
        try {
          socket.write(`z${command}\0`);
          if (!body) return;
          for await (const piece of body) {
            for (let at = 0; at < piece.byteLength; at += chunkBytes) {
              const chunk = piece.subarray(at, Math.min(piece.byteLength, at + chunkBytes));
              const length = Buffer.alloc(4);
              length.writeUInt32BE(chunk.byteLength);
              const lengthFlushed = socket.write(length);
              const chunkFlushed = socket.write(chunk);
              if (!lengthFlushed || !chunkFlushed) await new Promise((r) => socket.once("drain", r));
              // clamd answered (and hung up) before the end: its answer stands; leaving the loop closes the body.
              if (settled) return;
            }
          }
          socket.write(Buffer.alloc(4)); // the zero-length chunk: end of stream
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      })();
    });
  });
}

/** Reads clamd's INSTREAM reply. Throws nothing. */
export function parseReply(reply: string): ClamdReply {
  const text = reply.trim();
  if (/^stream: OK$/.test(text)) return { status: "clean" };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { status: "infected", signature: found[1]! };
  // An answer that is none of those is clamd's own refusal (`… ERROR`, e.g. a size limit); no answer at all is a
  // daemon that went away mid-scan.
  return text ? { status: "error", reason: text } : { status: "error", reason: "clamd closed the connection without an answer", unavailable: true };
}

/** Scans a body with clamd. Resolves `error` (never throws) when clamd cannot be reached or cannot decide. */
export async function scanStream(address: ClamdAddress, body: AsyncIterable<Uint8Array>, options: ClamdClientOptions = {}): Promise<ClamdReply> {
  try {
    return parseReply(await exchange(address, "INSTREAM", body, options));
  } catch (err) {
    return { status: "error", reason: err instanceof Error ? err.message : String(err), unavailable: true };
  }
}

/** True when clamd answers PING with PONG (its databases are loaded and it takes scans). */
export async function ping(address: ClamdAddress, timeoutMs = 2_000): Promise<boolean> {
  try {
    return (await exchange(address, "PING", undefined, { timeoutMs })).trim() === "PONG";
  } catch {
    return false;
  }
}
