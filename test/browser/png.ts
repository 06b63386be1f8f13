import { inflateSync } from 'node:zlib';

/**
 * A minimal PNG decoder for screenshots (8-bit RGB or RGBA, not interlaced — what Chromium writes),
 * so a test can tell a rendered page from a blank one without an image library.
 */
export interface DecodedPng {
  width: number;
  height: number;
  /** Bytes per pixel: 3 (RGB) or 4 (RGBA). */
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const bitDepth = data[8];
      const colourType = data[9];
      const interlace = data[12];
      if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[out - stride + x - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter} on line ${y}`);
      }
      pixels[out + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

export interface PixelStats {
  distinctColours: number;
  /** Share of pixels that have the most common colour (1 = a uniform image). */
  dominantShare: number;
  /** The most common colour, `[r, g, b]`. */
  dominant: [number, number, number];
  /** Mean relative luminance, 0 (black) … 1 (white). */
  meanLuminance: number;
}

export function pixelStats(png: DecodedPng): PixelStats {
  const counts = new Map<number, number>();
  let luminance = 0;
  const total = png.width * png.height;
  for (let i = 0; i < total; i++) {
    const r = png.pixels[i * png.channels]!;
    const g = png.pixels[i * png.channels + 1]!;
    const b = png.pixels[i * png.channels + 2]!;
    const key = (r << 16) | (g << 8) | b;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    luminance += (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  }
  let dominantKey = 0;
  let dominantCount = 0;
  for (const [key, value] of counts) {
    if (value > dominantCount) {
      dominantKey = key;
      dominantCount = value;
    }
  }
  return {
    distinctColours: counts.size,
    dominantShare: total === 0 ? 1 : dominantCount / total,
    dominant: [(dominantKey >> 16) & 0xff, (dominantKey >> 8) & 0xff, dominantKey & 0xff],
    meanLuminance: total === 0 ? 0 : luminance / total,
  };
}
