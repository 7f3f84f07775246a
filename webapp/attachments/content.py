"""What an uploaded file really is: a photo Pillow can open, or a voice memo by its header.

The phone says what it sends (Content-Type); the bytes must agree, or the upload is refused
(415): a file named a photo that is not one is never stored or served. A photo is kept as
the phone made it (long side at most LONG_SIDE, no EXIF) or, from a phone that did not make
it smaller, turned upright, reduced and saved again without its metadata (EXIF can hold
where the photo was taken). Each photo gets a small thumbnail for the briefing and review.
"""

import io
import warnings

from flask_babel import gettext as _
from PIL import Image
from PIL import ImageOps

#: Largest photo accepted, in bytes: the phone sends about 300 KB; a phone that does not
#: make photos smaller sends the camera's file, which is 1 to 2 MB at 12 megapixels.
MAX_PHOTO_BYTES = 2 * 1024 * 1024
#: Largest voice memo: two minutes of Opus at 64 kbit/s are about 1 MB; AAC takes more.
MAX_MEMO_BYTES = 3 * 1024 * 1024
#: Longest voice memo the phone records, in seconds (with a little slack for the encoder).
MAX_MEMO_SECONDS = 120
#: Most pixels a photo may have before it is decoded (a small file can claim a huge image).
MAX_PIXELS = 50_000_000
#: The long side of a stored photo and of its thumbnail, in pixels.
LONG_SIDE = 1600
THUMB_SIDE = 320

#: The photo types accepted, with the format Pillow must find in the bytes.
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/webp": "WEBP", "image/png": "PNG"}
#: The memo types MediaRecorder makes (Chromium/Firefox: WebM or Ogg with Opus; Safari: MP4).
MEMO_TYPES = ("audio/webm", "audio/ogg", "audio/mp4")
#: Names some systems give the same types.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "audio/x-m4a": "audio/mp4"}


class Refused(Exception):
    """An upload that cannot be stored: the HTTP status, a machine code and a message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def kind_of(content_type):
    """("photo" or "memo", the canonical type) for a Content-Type header, or None."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    mime = ALIASES.get(mime, mime)
    if mime in PHOTO_TYPES:
        return "photo", mime
    if mime in MEMO_TYPES:
        return "memo", mime
    return None


def max_bytes(kind):
    """The size limit of a kind of file."""
    return MAX_PHOTO_BYTES if kind == "photo" else MAX_MEMO_BYTES


def photo(data, mime):
    """The photo to store: {data, mime, width, height, thumbnail}; or Refused."""
    image = _open(data, mime)
    try:
        return _photo(image, data, mime)
    except (OSError, ValueError):  # a mode or part Pillow can read but not convert
        raise Refused(
            415, "unsupported_media_type", _("This file is not a photo Folka can read.")
        ) from None


def _photo(image, data, mime):
    """The photo() of an image that opened."""
    upright = ImageOps.exif_transpose(image)
    as_sent = (
        image.format in ("JPEG", "WEBP")
        and max(image.size) <= LONG_SIDE
        and not image.getexif()
        and getattr(image, "n_frames", 1) == 1
    )
    if as_sent:
        stored, stored_mime = data, mime
    else:
        smaller = _rgb(upright)
        smaller.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
        # The colour profile stays (it is no personal data); EXIF is not written.
        icc = image.info.get("icc_profile")
        stored = _encode(smaller, "JPEG", quality=85, icc_profile=icc)
        stored_mime, upright = "image/jpeg", smaller
    thumb = _rgb(upright)
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return {
        "data": stored,
        "mime": stored_mime,
        "width": upright.width,
        "height": upright.height,
        "thumbnail": _encode(thumb, "WEBP", quality=75),
    }


def _open(data, mime):
    """The decoded image, when the bytes are the claimed type and a sane size; or Refused."""
    not_photo = Refused(
        415, "unsupported_media_type", _("This file is not a photo Folka can read.")
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, above its own limit; ours is lower and checked below.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            checked = Image.open(io.BytesIO(data))
            if checked.width * checked.height > MAX_PIXELS:
                raise Refused(413, "too_large", _("This photo has too many pixels."))
            if checked.format != PHOTO_TYPES[mime]:
                raise not_photo
            checked.verify()  # the file's structure and checksums, before decoding it
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise Refused(413, "too_large", _("This photo has too many pixels.")) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise not_photo from None
    return image


def _rgb(image):
    """A copy in RGB, transparent parts on white (JPEG and the thumbnail have no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _encode(image, fmt, **options):
    """The image saved in `fmt`, without metadata (Pillow writes none unless given)."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def memo(data, mime):
    """Refused unless the bytes begin as the claimed kind of audio file does."""
    head = data[:64]
    if mime == "audio/webm":
        # EBML, the Matroska container, whose header names the document type "webm".
        ok = head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head
    elif mime == "audio/ogg":
        ok = head.startswith(b"OggS")
    else:
        # An ISO media file (MP4/M4A) opens with a box of type "ftyp".
        ok = head[4:8] == b"ftyp"
    if not ok:
        raise Refused(
            415, "unsupported_media_type", _("This file is not a voice memo Folka can play.")
        )


def duration(value):
    """The memo's length in seconds as the phone measured it, or None when not plausible."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return round(seconds, 1) if 0 < seconds <= MAX_MEMO_SECONDS + 5 else None
