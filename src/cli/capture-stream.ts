import { Writable } from 'node:stream';

/** A stream that keeps what is written, for running a command in-process and reading its report. */
export class CaptureStream extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
