"""Shared checks of a handout PDF: where, if anywhere, a given piece of text can be found in it; a page as a picture."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import StreamObject


def places_holding(pdf: bytes, needle: str) -> list[str]:
    """Every place a reader of the file could find `needle`: the extracted text of each page, the document
    information (title, author, subject, keywords, ...), and every stream of the file once decompressed (page
    contents, fonts, images, XMP metadata), searched as UTF-8, UTF-16 and Latin-1 bytes. Empty when it is nowhere."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    folded = needle.casefold()
    for number, page in enumerate(reader.pages, start=1):
        if folded in " ".join((page.extract_text() or "").split()).casefold():
            found.append(f"text of page {number}")
        contents = page.get_contents()
        if contents is not None and _holds(contents.get_data(), needle):
            found.append(f"content stream of page {number}")
    for key, value in (reader.metadata or {}).items():
        if folded in str(value).casefold():
            found.append(f"metadata {key}")
    root = reader.trailer["/Root"]
    if "/Metadata" in root and _holds(root["/Metadata"].get_object().get_data(), needle):
        found.append("XMP metadata")
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            item = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free entry in the cross-reference table
            continue
        if isinstance(item, StreamObject) and _holds(item.get_data(), needle):
            found.append(f"stream object {number}")
    return found


def _holds(data: bytes, needle: str) -> bool:
    lowered = data.lower()
    encodings = ("utf-8", "utf-16-be", "latin-1")
    return any(needle.lower().encode(e, errors="ignore") in lowered for e in encodings if needle.encode(e, "ignore"))


@pytest.fixture
def find_in_pdf() -> Callable[[bytes, str], list[str]]:
    """`find_in_pdf(pdf, text)`: the places of the PDF that hold the text (see `places_holding`)."""
    return places_holding


def page_image(pdf: bytes, index: int = 0, scale: float = 1.0) -> Image.Image:
    """Page `index` of the PDF drawn as an RGB picture, `scale` pixels a point."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil().convert("RGB")
        bitmap.close()
        page.close()
    finally:
        document.close()
    return image


@pytest.fixture
def render_page() -> Callable[..., Image.Image]:
    """`render_page(pdf, index=0, scale=1.0)`: one page of the PDF as an RGB picture (see `page_image`)."""
    return page_image
