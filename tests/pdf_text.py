"""The text of a PDF that Chromium printed, for the print tests: no PDF library is pinned, and
Chromium's (Skia's) PDFs are simple enough to read with ``zlib`` alone. PDF 1.4, no object
streams, each font with a ``/ToUnicode`` map, resources named after their object number (so one
name means one font in the whole file). Good enough to check which words a printed page holds;
not a general PDF reader."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(?:^|[\r\n])(\d+) 0 obj\s*")
LENGTH = re.compile(rb"/Length (\d+)(?! \d+ R)")
FONT_NAMES = re.compile(rb"/Font\s*<<(.*?)>>", re.S)
NAME_REF = re.compile(rb"/([A-Za-z0-9_.]+)\s+(\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
# Content-stream tokens: a hex string, a literal string, an array bracket, a number, a name, an operator.
TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|[-+]?\d*\.?\d+|/[^\s/\[\]()<>]+|[A-Za-z'\"*]+")


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Every object's dictionary text and, for a stream, its decoded bytes."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    for match in OBJECT.finditer(data):
        start = match.end()
        end = data.find(b"endobj", start)
        head = data[start:end]
        stream = None
        at = head.find(b"stream")
        if at >= 0 and (length := LENGTH.search(head[:at])):
            begin = start + at + len(b"stream")
            begin += 2 if data[begin : begin + 2] == b"\r\n" else 1
            raw = data[begin : begin + int(length.group(1))]
            stream = zlib.decompress(raw) if b"/FlateDecode" in head[:at] else raw
            head = head[:at]
            end = data.find(b"endobj", begin + int(length.group(1)))
        found[int(match.group(1))] = (head, stream)
    return found


def _cmap(text: bytes) -> tuple[int, dict[int, str]]:
    """A ToUnicode CMap: how many bytes a character code takes, and code -> text."""
    width = 2
    if space := re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", text):
        width = len(space.group(1)) // 2
    codes: dict[int, str] = {}

    def unicode(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            codes[int(src, 16)] = unicode(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            low, high = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for offset, dst in enumerate(HEX.findall(rest)):
                    codes[low + offset] = unicode(dst)
            else:
                first = bytes.fromhex(rest[1:-1].decode())
                for offset in range(high - low + 1):
                    last = int.from_bytes(first[-2:], "big") + offset
                    codes[low + offset] = (first[:-2] + last.to_bytes(2, "big")).decode("utf-16-be", "replace")
    return width, codes


def _literal(token: bytes) -> bytes:
    body = token[1:-1]
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def unescape(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return escapes.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", unescape, body, flags=re.S)


def _decode(raw: bytes, font: tuple[int, dict[int, str]] | None) -> str:
    if font is None:
        return raw.decode("latin-1")
    width, codes = font
    return "".join(codes.get(int.from_bytes(raw[i : i + width], "big"), "") for i in range(0, len(raw), width))


def pdf_pages_text(data: bytes) -> list[str]:
    """The text of each page of a PDF Chromium printed, in drawing order (text runs joined by spaces)."""
    if not data.startswith(b"%PDF"):
        raise ValueError(f"not a PDF (starts with {data[:8]!r})")
    objects = _objects(data)
    fonts: dict[bytes, tuple[int, dict[int, str]]] = {}
    for head, _ in objects.values():
        for names in FONT_NAMES.findall(head):
            for name, number in NAME_REF.findall(names):
                font_head = objects.get(int(number), (b"", None))[0]
                if ref := TO_UNICODE.search(font_head):
                    cmap = objects.get(int(ref.group(1)), (b"", None))[1]
                    if cmap:
                        fonts[name] = _cmap(cmap)
    pages = [(number, head) for number, (head, _) in sorted(objects.items()) if re.search(rb"/Type /Page\b(?!s)", head)]
    forms = {number: stream for number, (head, stream) in objects.items() if stream and b"/Subtype /Form" in head}
    texts = []
    for _, head in _page_order(objects, pages):
        contents = re.search(rb"/Contents\s*(?:\[(.*?)\]|(\d+) 0 R)", head, re.S)
        numbers = (
            [int(n) for n in re.findall(rb"(\d+) 0 R", contents.group(1))] if contents and contents.group(1) else []
        )
        if contents and contents.group(2):
            numbers = [int(contents.group(2))]
        chunks: list[str] = []
        for number in numbers:
            _content_text(objects[number][1] or b"", fonts, forms, chunks, depth=0)
        texts.append(" ".join(" ".join(chunks).split()))
    return texts


def _page_order(objects: dict, pages: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Pages in the order of the page tree's /Kids (the reading order), not object order."""
    by_number = dict(pages)
    ordered: list[tuple[int, bytes]] = []
    roots = [head for head, _ in objects.values() if re.search(rb"/Type /Pages\b", head) and b"/Parent" not in head]

    def walk(head: bytes) -> None:
        kids = re.search(rb"/Kids\s*\[(.*?)\]", head, re.S)
        for number in (int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b"")):
            if number in by_number:
                ordered.append((number, by_number[number]))
            else:
                walk(objects.get(number, (b"", None))[0])

    for root in roots:
        walk(root)
    return ordered or pages


def _content_text(stream: bytes, fonts: dict, forms: dict, chunks: list[str], depth: int) -> None:
    font = None
    operands: list[bytes] = []
    for token in TOKEN.findall(stream):
        if token[:1] in b"<(/[]" or re.fullmatch(rb"[-+]?\d*\.?\d+", token):
            operands.append(token)
            continue
        if token == b"Tf" and len(operands) >= 2:
            font = fonts.get(operands[-2][1:])
        elif token in (b"Tj", b"TJ", b"'", b'"'):
            run = []
            for operand in operands:
                if operand.startswith(b"<"):
                    run.append(_decode(bytes.fromhex(re.sub(rb"\s", b"", operand[1:-1]).decode()), font))
                elif operand.startswith(b"("):
                    run.append(_decode(_literal(operand), font))
                elif re.fullmatch(rb"[-+]?\d*\.?\d+", operand) and float(operand) < -250:
                    run.append(" ")  # a wide gap inside a TJ array is a space
            chunks.append("".join(run))
        elif token == b"Do" and operands and depth < 4:
            name = operands[-1][1:]
            number = re.fullmatch(rb"[A-Za-z]+(\d+)", name)
            if number and int(number.group(1)) in forms:
                _content_text(forms[int(number.group(1))], fonts, forms, chunks, depth + 1)
        elif token in (b"Td", b"TD", b"Tm", b"T*", b"ET"):
            chunks.append(" ")
        operands = []
