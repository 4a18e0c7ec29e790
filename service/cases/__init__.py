"""The case library: district records as data (profiles, lookup by name, comparable-case ranking)."""
