// A photo made smaller on the phone before it is stored: upright (the camera's EXIF
// orientation applied), long side at most 1600 px, WebP where the browser writes it (Safari
// does not: JPEG), and about 300 KB at most — the quality goes down, then the size, until
// it fits. Done when the photo is chosen, so saving the note stays quick. The pixels are
// drawn again, so nothing of the camera's metadata (the place the photo was taken) remains.
const LONG_SIDE = 1600;
const TARGET_BYTES = 300 * 1024;
const QUALITIES = [0.8, 0.68, 0.56, 0.45];
const SMALLER = 0.75; // when the lowest quality is still too large
let format = null; // "image/webp" once the browser proved it writes WebP, else "image/jpeg"

// Resolves with {blob, type, width, height}; rejects when the browser cannot read the file.
export async function shrink(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    let scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    let best = null;
    for (let round = 0; round < 4; round += 1) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = drawn(bitmap, width, height);
      for (const quality of QUALITIES) {
        const blob = await encode(canvas, quality);
        best = { blob, type: blob.type, width, height };
        if (blob.size <= TARGET_BYTES) return best;
      }
      scale *= SMALLER;
    }
    return best;
  } finally {
    bitmap.close();
  }
}

function drawn(bitmap, width, height) {
  const canvas = typeof OffscreenCanvas === "function"
    ? new OffscreenCanvas(width, height)
    : Object.assign(document.createElement("canvas"), { width, height });
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; // a transparent PNG on white, as JPEG would show it
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

async function encode(canvas, quality) {
  const type = format ?? "image/webp";
  const blob = await toBlob(canvas, type, quality);
  if (blob.type === type) {
    format = type;
    return blob;
  }
  format = "image/jpeg"; // asked for WebP, got PNG: this browser does not write WebP
  return toBlob(canvas, format, quality);
}

function toBlob(canvas, type, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no blob"))), type, quality);
  });
}
