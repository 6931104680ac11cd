"""Demo content of the legal_docs app (being written; replaced by the legal_docs work)."""


def build(builder, home):
    return None
