"""Generators: who words an answer (the offline composer, or a language model whose citations are checked)."""
