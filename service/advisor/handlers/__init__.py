"""One small handler per kind of question; `route` decides which one a question goes to."""
