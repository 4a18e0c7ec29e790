"""Real files for the document tests: each supported type, and each way a file can be bad."""

import io

from pypdf import PdfReader, PdfWriter

from service.documents.make import docx_bytes, noise_png, pdf_bytes

BRIEF_EN = [
    "Harbour Point innovation quarter: background note for the council.",
    "The quarter's core is the state ocean research institute, built by the national government in 2012; "
    "19 of its 27 start-ups were founded by the institute's own scientists.",
    "A shipbuilder also runs a small assembly shop at the edge of the site.",
    "Which model fits us, and what should the plan provide for?",
]
BRIEF_ZH = [
    "滨江数字街区情况说明",
    "街区原是废弃仓库，近十年设计工作室、独立游戏团队和小型电商自发聚集，房租便宜，没有大学和大企业。",
    "区政府2023年才挂牌“数字创意街区”。",
    "我们属于哪种模式？规划上要注意什么？",
]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(BRIEF_EN))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    return pdf_bytes([], image=noise_png(200, 260), image_pages=2)


def files() -> dict[str, bytes]:
    """One good file of each type, named as a planner would."""
    return {
        "note.txt": "\n".join(BRIEF_EN).encode(),
        "说明.md": ("# " + "\n\n".join(BRIEF_ZH)).encode(),
        "gbk.txt": "\n".join(BRIEF_ZH).encode("gb18030"),
        "plan.docx": docx_bytes(BRIEF_EN[:2], table=[["Actor", "Role"], ["Shipbuilder", BRIEF_EN[2]]]),
        "note.pdf": pdf_bytes(BRIEF_EN),
        "说明.pdf": pdf_bytes(BRIEF_ZH, lang="zh"),
    }


def bad_files() -> list[tuple[str, bytes, int, str]]:
    """(name, bytes, HTTP status, words the error must say)."""
    return [
        ("locked.pdf", encrypted_pdf(), 422, "password-protected"),
        ("scan.pdf", scanned_pdf(), 422, "scanned images only"),
        ("broken.pdf", pdf_bytes(BRIEF_EN)[:300], 422, "damaged"),
        ("fake.pdf", b"this is not a pdf at all", 422, "not a PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", 422, "not a readable .docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, 422, "password-protected"),
        ("huge.txt", b"a" * (5 * 1024 * 1024 + 1), 413, "at most 5 MB"),
        ("long.txt", ("创新区" * 17_000).encode(), 413, "at most 50,000"),
        ("empty.txt", b"", 422, "empty"),
        ("blank.md", b"\n \n\t\n", 422, "no text"),
        ("binary.txt", b"\x00\x01\x02\x03" * 10, 422, "not a text file"),
        ("plan.exe", b"MZ\x90\x00", 415, "unsupported file type"),
    ]
