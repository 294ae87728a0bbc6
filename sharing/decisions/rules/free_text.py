"""Free text that leaves the register: names of protected people (golden rule 5).
Pure: no database, no settings, no clock."""

import re
from collections.abc import Collection

# --- Free text that leaves the register (golden rule 5, seeds 000 §4, 003) ------------

PROTECTED_NAME_MESSAGE = (
    "This text may name someone whose identity is protected. Check it before it is sent."
)
PROTECTED_FILE_NAME_MESSAGE = (
    "A document's file name may name someone whose identity is protected, and the requester "
    "sees it. Rename the file, or check it, before it is sent."
)
PROTECTED_NAME_ACKNOWLEDGE = (
    "Tick to say you have checked: the text does not identify anyone whose identity is protected."
)
# A name this short ("Al", "Jo") would match too much ordinary text to warn usefully;
# one letter is an initial, not a name.
MIN_NAME_LENGTH = 2

# Names that are also ordinary English words. Alone, in any case, they would
# warn on most texts ("we will", "up the hill", "may attend"), and a warning
# that always fires is one people learn to tick past. So alone they match only
# written as a name is: with a capital letter ("Mr Hill", "HILL"); the full name
# matches in any case ("will hill"). Short function words that are also names
# ("An", "Do", "So") are here for the same reason.
_COMMON_WORDS_TEXT = """
    an do so ma pa
    will bill mark may june april august rose grace hope faith joy amber ruby pearl
    holly ivy iris daisy lily violet dawn eve summer autumn sky rain river storm jack
    frank sue pat rob drew gene art sunny rich bob guy max nick dean earl ray penny
    angel honey sandy star brook cliff glen dale heath miles chase hunter mason
    hill wood woods king young long white black brown green grey gray little hall lane
    ward park parks fox bird lamb wolf bell moss marsh field fields banks bank cook baker
    bishop knight page major sharp short strong swift wise good best day price cross
    house bush stone rock castle church chapel friend gold silver law low north south
    east west power love noble rice carpenter butcher fisher archer barber
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())

# Between a first and last name: nothing ("JaneSmith.pdf"), spaces, or the
# separators file names use ("jane_smith", "jane.smith", "Smith, Jane").
_JOIN = r"[\s_.,\-]*"
# A name stands on its own between anything but letters, so file names' digits
# and underscores ("Smith2024.pdf", "referral_smith") separate words too, while
# "Smithson" or "Janet" are other words.
_BEFORE = r"(?<![^\W\d_])"
_AFTER = r"(?![^\W\d_])"


def _fold(text: str) -> str:
    # A typographic apostrophe (U+2019) is written as often as a plain one.
    return text.replace("\u2019", "'")


def _words(part: str) -> str:
    """The pattern of a name part: its words ("O'Neil-Smith", "Van der Berg")
    joined by whatever separates words in text or a file name."""
    return r"[\s_.\-]+".join(re.escape(word) for word in re.split(r"[\s_\-]+", part) if word)


def _alone(part: str) -> re.Pattern[str] | None:
    """The pattern that finds one name part on its own, or None where it is too
    short to warn usefully."""
    if len(part) < MIN_NAME_LENGTH:
        return None
    if part.casefold() in COMMON_WORDS:
        # As a name is written: a capital first letter, or all in capitals.
        capital = re.escape(part[0].upper()) + _words(part[1:].lower())
        return re.compile(rf"{_BEFORE}(?:{capital}|{_words(part.upper())}){_AFTER}")
    return re.compile(rf"{_BEFORE}{_words(part)}{_AFTER}", re.IGNORECASE)


def _full(first: str, last: str) -> re.Pattern[str] | None:
    """The pattern of the full name, either way round, in any case."""
    if len(first) < MIN_NAME_LENGTH or len(last) < MIN_NAME_LENGTH:
        return None
    one, other = _words(first), _words(last)
    return re.compile(
        rf"{_BEFORE}(?:{one}{_JOIN}{other}|{other}{_JOIN}{one}){_AFTER}", re.IGNORECASE
    )


def names_in_text(text: str, names: Collection[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (first name, last name) pairs in ``names`` that ``text`` names: the
    full name, either way round and in any case, with or without a separator
    (so file names such as "jane_smith.pdf" and "JaneSmith.pdf" count), or the
    first or last name on its own as a whole word in any case; a name that is
    also an ordinary word (``COMMON_WORDS``) counts on its own only written as
    a name. Free text and file names that leave the register are checked for
    the names of the people protected in their context before they are sent
    (golden rule 5: protect the identities of those who might suffer harm). A
    warning the person checks, not a proof: a nickname or a description can
    still identify someone."""
    folded = _fold(text)
    found = []
    for name in names:
        first, last = (_fold(part).strip() for part in name)
        patterns = [_full(first, last), _alone(first), _alone(last)]
        if any(pattern is not None and pattern.search(folded) for pattern in patterns):
            found.append(name)
    return found
