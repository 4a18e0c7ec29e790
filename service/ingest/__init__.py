"""Ingestion: corpus -> chunks -> embeddings -> a versioned, atomically published index."""
