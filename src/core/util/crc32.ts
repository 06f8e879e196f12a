/**
 * CRC-32 (the zlib / PNG / gzip one) of a string's UTF-8 bytes. Node's `zlib.crc32` when there
 * is one (Node 20.15 and later); a table in JavaScript otherwise, for the older Node of the VS
 * Code versions Specwright still supports. Both give the same number.
 */
import * as zlib from 'node:zlib';

type Crc32 = (text: string, value?: number) => number;

let table: Int32Array | undefined;
function crcTable(): Int32Array {
  if (table) return table;
  table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** The JavaScript CRC-32, exported so a test can hold it against zlib's. */
export function crc32InJs(text: string, value = 0): number {
  const t = crcTable();
  const bytes = Buffer.from(text, 'utf8');
  let c = ~value;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as { crc32?: Crc32 }).crc32;
export const crc32: Crc32 = typeof native === 'function' ? native : crc32InJs;
