"""Reports to the boards: packs written from Smeaton's own records as a web page, Word,
tagged PDF and Excel, drafted, checked and then issued, when they are frozen."""
