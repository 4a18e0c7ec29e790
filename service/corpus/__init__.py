"""Reading the corpus: schema, loading, glossary, cleaning and splitting."""
