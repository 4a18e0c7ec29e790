"""Planning documents in: a pasted text or an uploaded .md, .txt, .docx or .pdf, read into located blocks."""
