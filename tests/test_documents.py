"""Reading documents: each supported type into located blocks, and a clear error for each bad file."""

import pytest

from service.documents.model import DocumentError
from service.documents.reader import document_from_text, read_document
from tests.documents import BRIEF_EN, BRIEF_ZH, bad_files, files


@pytest.mark.parametrize("name", sorted(files()))
def test_each_type_reads_its_text_with_locations(name: str) -> None:
    doc = read_document(name, files()[name])
    expected = BRIEF_ZH if "说明" in name or name == "gbk.txt" else BRIEF_EN
    text = doc.text.replace("\n", "")
    # the PDF wraps lines: compare without line breaks or spaces
    assert expected[1].replace(" ", "")[:40] in text.replace(" ", "")
    assert all(b.where for b in doc.blocks)
    unit = {"pdf": "page", "docx": "paragraph"}.get(doc.kind, "line")
    assert doc.blocks[0].where.startswith(unit)


def test_a_docx_table_is_read_row_by_row() -> None:
    doc = read_document("plan.docx", files()["plan.docx"])
    rows = [b for b in doc.blocks if b.where.startswith("table")]
    assert rows and rows[-1].where == "table 1, row 2" and "Shipbuilder" in rows[-1].text


@pytest.mark.parametrize(("name", "data", "status", "says"), bad_files(), ids=[b[0] for b in bad_files()])
def test_a_bad_file_gets_a_clear_error_naming_it(name: str, data: bytes, status: int, says: str) -> None:
    with pytest.raises(DocumentError) as raised:
        read_document(name, data)
    assert raised.value.status == status
    assert says in str(raised.value) and name in str(raised.value)


def test_pasted_text_has_the_same_limits() -> None:
    assert document_from_text("\n".join(BRIEF_EN)).blocks[1].where == "line 2"
    with pytest.raises(DocumentError, match="at most 50,000"):
        document_from_text("x" * 50_001)
