"""The advisor pipeline: language, intent, classification, retrieval, composition, citation checks."""
