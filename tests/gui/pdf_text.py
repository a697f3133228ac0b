"""The text on the pages of a PDF that Qt wrote, read back with the standard library, so that a test can
check what was printed (`pdf_text(path)`; one line per run of text).

Qt writes each font as a Type 0 font with a ToUnicode map, and draws text as hex glyph codes shown with
`Tj` between `BT` and `ET`; that is all this reads. It is not a general PDF reader.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

__all__ = ["pdf_text"]

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_TEXT = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ|\bET\b")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def pdf_text(path: Path) -> str:
    """The text drawn on every page of the PDF at `path`, one run (`BT` … `ET`) to a line."""
    objects = _objects(path.read_bytes())
    lines = []
    for head, _ in objects.values():
        if re.search(rb"/Type\s*/Page\b(?!s)", head):
            fonts = _page_fonts(head, objects)
            for ref in re.findall(rb"/Contents\s+(\d+) 0 R", head):
                lines.extend(_runs(objects[int(ref)][1], fonts))
    return "\n".join(lines)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Every object: its number → (what comes before `stream`, the stream decoded, or b"")."""
    found = {}
    for match in _OBJECT.finditer(data):
        head, has_stream, rest = match.group(2).partition(b"stream")
        stream = b""
        if has_stream:
            stream = rest[2:] if rest.startswith(b"\r\n") else rest[1:]
            stream = stream[: stream.rfind(b"endstream")]
            if b"/FlateDecode" in head:
                stream = zlib.decompressobj().decompress(stream)
        found[int(match.group(1))] = (head, stream)
    return found


def _page_fonts(page: bytes, objects: dict[int, tuple[bytes, bytes]]) -> dict[bytes, dict[int, str]]:
    """The page's fonts by resource name, each as its map from glyph code to text."""
    resources = re.search(rb"/Resources\s+(\d+) 0 R", page)
    where = objects[int(resources.group(1))][0] if resources else page
    fonts = {}
    for name, ref in re.findall(rb"/(\w+)\s+(\d+) 0 R", _between(where, b"/Font", b">>")):
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objects[int(ref)][0])
        fonts[name] = _cmap(objects[int(to_unicode.group(1))][1]) if to_unicode else {}
    return fonts


def _between(text: bytes, start: bytes, end: bytes) -> bytes:
    at = text.find(start)
    return b"" if at < 0 else text[at: text.find(end, at)]


def _cmap(stream: bytes) -> dict[int, str]:
    """A ToUnicode map's glyph codes and the text each stands for (bfchar and bfrange entries)."""
    codes: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            codes[int(source, 16)] = _utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[^>]*>|\[[^\]]*\])", block):
            first, last = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                codes.update(zip(range(first, last + 1), (_utf16(t) for t in _HEX.findall(target)), strict=False))
            else:
                start = int(target[1:-1], 16)
                codes.update((code, chr(start + code - first)) for code in range(first, last + 1))
    return codes


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be")


def _runs(content: bytes, fonts: dict[bytes, dict[int, str]]) -> list[str]:
    """The text of each `BT` … `ET` run in a page's content, in the order drawn."""
    runs: list[str] = []
    run: list[str] = []
    codes: dict[int, str] = {}
    for match in _TEXT.finditer(content):
        font, shown, array = match.groups()
        if font is not None:
            codes = fonts.get(font, {})
        elif match.group(0) == b"ET":
            runs.append(_plain("".join(run)))
            run = []
        else:
            for hex_text in [shown] if shown is not None else _HEX.findall(array):
                run.extend(codes.get(int(hex_text[i: i + 4], 16), "") for i in range(0, len(hex_text), 4))
    return [text for text in runs if text]


def _plain(text: str) -> str:
    """Ligatures spelt out and any kind of space as one space, as a reader would copy the words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
