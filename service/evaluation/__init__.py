"""Evaluation runners: retrieval (recall, MRR) and, for the advisor, classification and citations."""
