"""The reader's language: every sentence, label and heading a page shows goes through `t()`.

English is the default and the message key; `?lang=ru` gives Russian. This first cut returns the
English text (the catalogue and the switch come with the Russian interface, #13).
Write `t("{n} designations", n=count)`, never an f-string, so the catalogue holds one message.
"""

from __future__ import annotations


def t(message: str, /, **values: object) -> str:
    """The message in the reader's language, with `values` formatted into it."""
    return message.format(**values) if values else message
