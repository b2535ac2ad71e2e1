/**
 * The pixel size of a JPEG, PNG or GIF from its header, to scale a photo to the page: the docx
 * library needs the size up front and no image library is a dependency.
 */
export interface ImageSize {
  width: number;
  height: number;
}

export function imageSizeOf(data: Buffer): ImageSize | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) return positive(data.readUInt32BE(16), data.readUInt32BE(20));
  if (data.length >= 10 && data.toString('latin1', 0, 3) === 'GIF') return positive(data.readUInt16LE(6), data.readUInt16LE(8));
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return undefined;
}

const positive = (width: number, height: number): ImageSize | undefined => (width > 0 && height > 0 ? { width, height } : undefined);

/** Walks the JPEG's segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC), which holds the size. */
function jpegSize(data: Buffer): ImageSize | undefined {
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1] ?? 0;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = data.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return positive(data.readUInt16BE(at + 7), data.readUInt16BE(at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}
