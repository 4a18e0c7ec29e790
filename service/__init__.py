"""Innovation District Advisor: a bilingual RAG backend for innovation-district policy advice."""

__version__ = "0.1.0"
