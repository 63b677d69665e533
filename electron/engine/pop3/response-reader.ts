import { HomingError } from '../../contract/result';
import { parseStatusLine, type StatusLine } from './status-line';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** A status line longer than this is not POP3 (RFC 2449 §4 allows 512 octets); we refuse it rather than buffer forever. */
export const MAX_STATUS_LINE_BYTES = 8 * 1024;

/** Receives what the reader finds, in wire order. */
export interface ResponseSink {
  /** A status line arrived. Return true when a multi-line body follows it (a +OK to RETR, LIST, …). */
  status(status: StatusLine): boolean;
  /** Body bytes, unstuffed, exactly as the server stores the message (CRLF line ends). Never empty. */
  body(chunk: Buffer): void;
  /** The body's terminating line (`.` CRLF) arrived; it is not part of the body. */
  end(): void;
}

// Where we are inside a multi-line body.
const LINE_START = 0; // the next byte begins a line
const MID_LINE = 1;
const DOT_SEEN = 2; // a line began with '.', which we withheld
const DOT_CR = 3; // a line began with ".\r", both withheld

/**
 * A byte-level POP3 response parser, fed socket chunks as they come. It never assumes a chunk
 * boundary means anything: the terminator `CRLF . CRLF` may be split anywhere, one byte per chunk.
 *
 * Body bytes are never decoded (8-bit mail survives byte for byte); only status lines are decoded,
 * as latin1. Body chunks are views into the pushed buffers, delivered as soon as they are known
 * to be body (no line buffering, so a 1 MB line costs nothing extra).
 *
 * Dot-unstuffing follows RFC 1939 §3: a line that starts with '.' loses that '.', unless the line is
 * exactly ".", which ends the body. So the withheld dot is never delivered; only the CR after it
 * may be ("." CR x is content "\r" x).
 */
export class ResponseReader {
  private inBody = false;
  private bodyState = LINE_START;
  private statusParts: Buffer[] = [];
  private statusBytes = 0;
  private failure: unknown;
  private failed = false;

  constructor(
    private readonly sink: ResponseSink,
    private readonly maxStatusLineBytes = MAX_STATUS_LINE_BYTES,
  ) {}

  /** True between responses with nothing buffered: the point where STLS may swap the transport. */
  get idle(): boolean {
    return !this.failed && !this.inBody && this.statusBytes === 0;
  }

  /** Parses one chunk. A protocol error (or a sink's throw) is thrown and poisons the reader. */
  push(chunk: Buffer): void {
    if (this.failed) throw this.failure;
    try {
      let pos = 0;
      while (pos < chunk.length) pos = this.inBody ? this.readBody(chunk, pos) : this.readStatus(chunk, pos);
    } catch (err) {
      this.failed = true;
      this.failure = err;
      throw err;
    }
  }

  private readStatus(chunk: Buffer, pos: number): number {
    const lf = chunk.indexOf(LF, pos);
    const end = lf === -1 ? chunk.length : lf;
    if (this.statusBytes + (end - pos) > this.maxStatusLineBytes) {
      throw new HomingError('protocol_error', `server status line longer than ${this.maxStatusLineBytes} bytes`);
    }
    if (lf === -1) {
      // Copied: the caller may reuse its buffer, and status lines are small.
      this.statusParts.push(Buffer.from(chunk.subarray(pos)));
      this.statusBytes += chunk.length - pos;
      return chunk.length;
    }
    let line = this.statusBytes === 0 ? chunk.subarray(pos, lf) : Buffer.concat([...this.statusParts, chunk.subarray(pos, lf)]);
    this.statusParts = [];
    this.statusBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (this.sink.status(parseStatusLine(line.toString('latin1')))) {
      this.inBody = true;
      this.bodyState = LINE_START;
    }
    return lf + 1;
  }

  private readBody(chunk: Buffer, pos: number): number {
    let state = this.bodyState;
    let runStart = pos; // first byte of the run not yet delivered
    let i = pos;
    const n = chunk.length;
    while (i < n) {
      if (state === MID_LINE) {
        const lf = chunk.indexOf(LF, i);
        if (lf === -1) {
          i = n;
        } else {
          i = lf + 1;
          state = LINE_START;
        }
        continue;
      }
      const byte = chunk[i];
      if (state === LINE_START) {
        if (byte === DOT) {
          this.deliver(chunk, runStart, i);
          runStart = i + 1;
          state = DOT_SEEN;
        } else {
          state = byte === LF ? LINE_START : MID_LINE;
        }
        i++;
      } else if (state === DOT_SEEN) {
        if (byte === CR) {
          runStart = i + 1;
          state = DOT_CR;
        } else {
          state = byte === LF ? LINE_START : MID_LINE;
        }
        i++;
      } else {
        // DOT_CR
        if (byte === LF) {
          this.inBody = false;
          this.bodyState = LINE_START;
          this.sink.end();
          return i + 1;
        }
        // "." CR followed by content: the dot goes, the withheld CR is content. Re-read this byte mid-line.
        this.sink.body(Buffer.from([CR]));
        state = MID_LINE;
      }
    }
    this.deliver(chunk, runStart, n);
    this.bodyState = state;
    return n;
  }

  private deliver(chunk: Buffer, start: number, end: number): void {
    if (end > start) this.sink.body(chunk.subarray(start, end));
  }
}
