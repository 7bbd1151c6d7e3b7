"""Readers' rights: export or erase everything stored about one reader, and the retention of labels and audit."""
