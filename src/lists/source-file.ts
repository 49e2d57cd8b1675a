/**
 * Reading list files from disk: transparent gzip (by magic bytes, not by name), a peek at the
 * first decompressed bytes for format detection, progress in compressed bytes read, and stream
 * errors (truncated gzip, unreadable file) turned into ListFormatError naming the file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { ListFormatError } from './errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

export type ProgressFn = (done: number, total: number) => void;

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function isGzip(path: string): Promise<boolean> {
  const head = await firstBytes(path, 2);
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Open a list file as a stream of decompressed bytes. Errors of the underlying streams come out
 * of the returned stream as ListFormatError. `onProgress` gets compressed bytes read so far.
 */
export async function openListFile(path: string, onProgress?: ProgressFn): Promise<Readable> {
  const { size } = await stat(path);
  if (size === 0) throw new ListFormatError(path, 'the file is empty');
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  let read = 0;
  raw.on('data', (chunk) => {
    read += chunk.length;
    onProgress?.(read, size);
  });
  raw.on('error', (err) => out.destroy(new ListFormatError(path, `cannot read the file: ${err.message}`)));
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', (err) =>
      out.destroy(
        new ListFormatError(
          path,
          `the gzip data is damaged or cut short (${err.message}); download the file again`,
          `byte ${read} of ${size}`,
        ),
      ),
    );
    raw.pipe(gunzip).pipe(out);
  } else {
    raw.pipe(out);
  }
  return out;
}

/**
 * The first `n` decompressed bytes of a file as text, for detecting its format: UTF-8, except for
 * zip archives (ODS), whose binary head is given as latin1 so every byte survives.
 */
export async function peekText(path: string, n = 4096): Promise<string> {
  const { size } = await stat(path);
  if (size === 0) return '';
  if (!(await isGzip(path))) {
    const head = await firstBytes(path, n);
    return head.toString(head[0] === 0x50 && head[1] === 0x4b ? 'latin1' : 'utf8');
  }
  const stream = await openListFile(path);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= n) break;
    }
  } catch {
    // A damaged gzip still shows its first bytes; the full read reports the damage.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n).toString('utf8');
}

/** The whole file, decompressed, as a Buffer (for small files such as the UK .ods). */
export async function readListFile(path: string): Promise<Buffer> {
  const stream = await openListFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
