"""Demo content of the schedule app (being written; replaced by the schedule work)."""


def build(builder, home):
    return None
