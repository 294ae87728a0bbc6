"""Free text that leaves the register: names of protected people (golden rule 5).
Pure: no database, no settings, no clock."""

import re
from collections.abc import Collection

# --- Free text that leaves the register (golden rule 5, seeds 000 §4, 003) ------------

PROTECTED_NAME_MESSAGE = (
    "This text may name someone whose identity is protected. Check it before it is sent."
)
PROTECTED_NAME_ACKNOWLEDGE = (
    "Tick to say you have checked: the text does not identify anyone whose identity is protected."
)
# A name this short ("Al", "Jo") would match too much ordinary text to warn usefully;
# one letter is an initial, not a name.
MIN_NAME_LENGTH = 2


def names_in_text(text: str, names: Collection[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (first name, last name) pairs in ``names`` of which ``text`` contains
    the first or last name as a whole word, whatever its case: free text that
    leaves the register is checked for the names of the people protected in its
    context before it is saved (golden rule 5: protect the identities of those
    who might suffer harm). A warning the person checks, not a proof: a
    nickname or a description can still identify someone."""
    folded = text.casefold()
    found = []
    for first, last in names:
        parts = [p.strip().casefold() for p in (first, last)]
        if any(
            len(part) >= MIN_NAME_LENGTH and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", folded)
            for part in parts
        ):
            found.append((first, last))
    return found
