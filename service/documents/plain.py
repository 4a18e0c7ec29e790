"""Plain text and Markdown: one block per non-empty line, located by line number."""

from service.documents.model import Block, CorruptDocumentError


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise CorruptDocumentError(f"{name}: this is not a text file (it holds binary data)")
    # UTF-8 first; planners' Chinese files are often GB18030 (GBK) from Windows tools.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptDocumentError(f"{name}: the text is neither UTF-8 nor GB18030; save it as UTF-8")


def blocks_of_text(text: str) -> list[Block]:
    return [Block(line.strip(), f"line {n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def read_plain(data: bytes, name: str) -> list[Block]:
    return blocks_of_text(decode(data, name))
