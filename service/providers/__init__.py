"""Small provider interfaces (embeddings, vector store) with name -> factory registries."""
