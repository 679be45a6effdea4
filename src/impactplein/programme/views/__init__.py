"""The programme's pages (under /programma/), split by concept."""
