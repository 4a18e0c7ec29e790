"""Finding passages: tokenisation, the keyword index, the loaded index and hybrid fusion."""
