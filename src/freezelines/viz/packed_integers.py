"""Whole numbers packed into one short string for the page, and read back: the one transport of the
explorer's and the deal panel's lines (:func:`freezelines.viz.explorer.encode`) and of the charts'
whole-number arrays (:mod:`freezelines.book.integer_steps`). The page reads it with ``unpack`` in
``freezelines-plotly.js`` (the one script every page with a chart or a widget loads first; the
widgets' ``FreezeLines.decode`` calls it as ``window.freezelinesUnpack``).

Each number is zigzag-mapped (0, -1, 1, -2, ... to 0, 1, 2, 3, ...), then written five bits at a time,
lowest first, as characters of :data:`DIGITS`: a character of the first 32 ends a number, one of the
last 32 says more bits follow. A number from -16 to 15 takes one character, one from -512 to 511 two,
one from -16,384 to 16,383 three."""

from __future__ import annotations

from collections.abc import Iterable

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""The 64 characters of a packed string (URL-safe Base64's): none needs escaping in JSON, HTML or a URL."""
LARGEST = 2**52 - 1
"""The largest size packed: the page reads numbers as JavaScript's doubles, exact to 2**53."""
_VALUE = {char: i for i, char in enumerate(DIGITS)}


def pack(values: Iterable[int]) -> str:
    """``values`` (whole numbers, each at most :data:`LARGEST` either side of zero) as one string of :data:`DIGITS`."""
    out: list[str] = []
    for value in values:
        value = int(value)
        if abs(value) > LARGEST:
            raise ValueError(f"{value} is too large to pack: the page reads whole numbers exactly only to 2**53")
        z = value * 2 if value >= 0 else -value * 2 - 1
        while z >= 32:
            out.append(DIGITS[32 + (z & 31)])
            z >>= 5
        out.append(DIGITS[z])
    return "".join(out)


def unpack(text: str) -> list[int]:
    """The whole numbers :func:`pack` wrote into ``text``; a character that is not one of the
    :data:`DIGITS`, or a text that ends inside a number, is refused with its position."""
    values: list[int] = []
    z = shift = 0
    for position, char in enumerate(text):
        digit = _VALUE.get(char)
        if digit is None:
            raise ValueError(f"packed integers have {char!r} at {position}: not one of the 64 digits")
        z |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            values.append(z >> 1 if z % 2 == 0 else -(z >> 1) - 1)
            z = shift = 0
    if shift:
        raise ValueError(f"packed integers end inside a number (at {len(text)}, after {len(values)} numbers)")
    return values
