"""Validity is derived from the dates and the relations, the same in Python and in SQL."""

import datetime

import pytest

from legal_docs.models import LegalDocumentPage
from legal_docs.validity import RelationType, Validity, derive_validity
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, relate


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


TODAY = datetime.date(2024, 6, 1)
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("in_force_from", "expiry", "ended", "partly", "expected"),
    [
        (TODAY + DAY, None, False, False, Validity.NOT_YET),
        (TODAY, None, False, False, Validity.IN_FORCE),
        (TODAY - DAY, TODAY + DAY, False, False, Validity.IN_FORCE),
        (TODAY - DAY, TODAY, False, False, Validity.EXPIRED),
        (TODAY - DAY, None, True, False, Validity.EXPIRED),
        (TODAY - DAY, None, False, True, Validity.PARTLY_EXPIRED),
        (TODAY - DAY, None, True, True, Validity.EXPIRED),
    ],
)
def test_the_rule(in_force_from, expiry, ended, partly, expected):
    assert derive_validity(TODAY, in_force_from, expiry, ended, partly) == expected


def both_ways(page, today=TODAY):
    """The validity as the document page computes it, checked against the list's SQL."""
    page = LegalDocumentPage.objects.get(pk=page.pk)
    python = page.get_validity(today)
    sql = LegalDocumentPage.objects.with_validity(today).get(pk=page.pk).validity_code
    assert python.value == sql, f"{page.number}: page says {python}, list says {sql}"
    return python


def doc(library, **fields):
    fields.setdefault("issue_date", datetime.date(2023, 1, 10))
    return LegalDocumentPageFactory(parent=library, **fields)


@pytest.mark.django_db
class TestDerivedValidity:
    def test_by_dates(self, library):
        assert both_ways(doc(library, effective_date=TODAY + DAY)) == Validity.NOT_YET
        assert both_ways(doc(library, issue_date=TODAY)) == Validity.IN_FORCE
        assert both_ways(doc(library, expiry_date=TODAY)) == Validity.EXPIRED
        assert both_ways(doc(library, expiry_date=TODAY + DAY)) == Validity.IN_FORCE

    @pytest.mark.parametrize(
        ("relation", "expected"),
        [
            (RelationType.REPLACES, Validity.EXPIRED),
            (RelationType.REPEALS, Validity.EXPIRED),
            (RelationType.AMENDS, Validity.PARTLY_EXPIRED),
            (RelationType.PARTLY_REPEALS, Validity.PARTLY_EXPIRED),
            (RelationType.GUIDES, Validity.IN_FORCE),
            (RelationType.IMPLEMENTS, Validity.IN_FORCE),
            (RelationType.RELATED, Validity.IN_FORCE),
        ],
    )
    def test_by_a_later_document_in_force(self, library, relation, expected):
        old = doc(library)
        new = doc(library, issue_date=datetime.date(2024, 3, 1))
        relate(new, relation, old)
        assert both_ways(old) == expected
        assert both_ways(new) == Validity.IN_FORCE

    def test_a_replacement_not_yet_in_force_changes_nothing_until_it_is(self, library):
        old = doc(library)
        new = doc(library, issue_date=datetime.date(2024, 5, 20), effective_date=datetime.date(2024, 7, 1))
        relate(new, RelationType.REPLACES, old)
        assert both_ways(old) == Validity.IN_FORCE
        assert both_ways(new) == Validity.NOT_YET
        assert both_ways(old, today=datetime.date(2024, 7, 1)) == Validity.EXPIRED

    def test_a_draft_replacement_changes_nothing(self, library):
        old = doc(library)
        draft = doc(library, live=False, issue_date=datetime.date(2024, 3, 1))
        draft.relations.add(draft.relations.model(relation_type=RelationType.REPLACES, target=old))
        draft.save()
        assert both_ways(old) == Validity.IN_FORCE

    def test_the_status_filter_agrees_with_the_pages(self, library):
        pages = {
            Validity.NOT_YET: doc(library, effective_date=TODAY + DAY),
            Validity.IN_FORCE: doc(library),
            Validity.EXPIRED: doc(library, expiry_date=TODAY - DAY),
        }
        amended = doc(library)
        relate(doc(library, issue_date=datetime.date(2024, 2, 1)), RelationType.AMENDS, amended)
        pages[Validity.PARTLY_EXPIRED] = amended
        for validity, page in pages.items():
            found = LegalDocumentPage.objects.with_validity(TODAY).filter(validity_code=validity.value)
            assert page.pk in set(found.values_list("pk", flat=True)), validity
            assert both_ways(page) == validity
