"""Reading PDFs back in tests."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> dict[str, str]:
    """Font base name -> the kind of font file embedded for it ("" if none)."""
    fonts = {}
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            kinds = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
            fonts[str(font["/BaseFont"])] = kinds[0] if kinds else ""
    return fonts


def assert_cjk_fonts_embedded(data: bytes) -> None:
    fonts = embedded_fonts(data)
    assert fonts, "no font in the PDF"
    assert all(fonts.values()), f"fonts not embedded: {fonts}"
    assert any("CJK" in name or "UKai" in name for name in fonts), fonts
