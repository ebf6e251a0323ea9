// Appends objects to an endpoint file as NDJSON, honouring the stream's back-pressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export class NdjsonWriter {
  private readonly stream: WriteStream;
  count = 0;

  constructor(dir: string, name: string) {
    this.stream = createWriteStream(join(dir, `${name}.ndjson`));
  }

  async write(value: unknown) {
    this.count++;
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
  }

  async close() {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
