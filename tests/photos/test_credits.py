"""One function formats every public credit line: a table over every credit kind."""

import pytest

from photos.credits import credit_line
from photos.models import CreditKind, Photo, Source

CASES = [
    (CreditKind.STAFF, "Jane Doe", None, "", "Photo by Jane Doe"),
    (CreditKind.STAFF, "", None, "", ""),
    (CreditKind.AGENCY, "Jane Doe", "Reuters", "", "Photo by Jane Doe / Reuters"),
    (CreditKind.AGENCY, "", "Reuters", "", "Photo by Reuters"),
    (CreditKind.COURTESY, "", "Belarus Embassy", "", "Photo courtesy of Belarus Embassy"),
    (CreditKind.COURTESY, "", None, "", ""),
    (CreditKind.HANDOUT, "", "Samsung Electronics", "", "Handout photo from Samsung Electronics"),
    (CreditKind.HANDOUT, "", None, "", "Handout photo"),
    (CreditKind.FILE, "", None, "", "File photo"),
    (CreditKind.FILE, "Kim Min-ji", None, "", "File photo by Kim Min-ji"),
    (CreditKind.READER, "Park Ji-woo", None, "", "Reader photo by Park Ji-woo"),
    (CreditKind.READER, "", None, "", "Reader photo"),
    (CreditKind.CREATIVE_COMMONS, "Ann Lee", None, "CC BY 4.0", "Photo by Ann Lee (CC BY 4.0)"),
    (CreditKind.CREATIVE_COMMONS, "", None, "CC BY 4.0", ""),
    # Not chosen yet (an outside photo the desk still has to classify): no "Photo by".
    ("", "Ivan Petrov", None, "", "Photo: Ivan Petrov"),
    ("", "", "Belarus Embassy", "", "Photo: Belarus Embassy"),
    ("", "", None, "", ""),
]


@pytest.mark.parametrize(("kind", "photographer", "source", "terms", "expected"), CASES)
def test_it_formats_the_credit_line_for_every_kind(kind, photographer, source, terms, expected):
    photo = Photo(credit_kind=kind, photographer=photographer, usage_terms=terms)
    if source:
        photo.source = Source(pk=1, name=source)
    assert credit_line(photo) == expected
    assert photo.credit_line == expected


def test_every_credit_kind_is_in_the_table():
    assert {case[0] for case in CASES} == {"", *CreditKind.values}
