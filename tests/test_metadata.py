"""A document's metadata as plain values and back: round trips, and errors that name the file
and the key at fault."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from rag.errors import CorpusError
from rag.records import DocumentMeta
from rag.search.metadata import meta_values, parse_meta

WHERE = "corpus/2020-03-27-ofsted-letter.md"
MINIMAL = DocumentMeta("Letter", dt.date(2020, 3, 27), "Ofsted", "ofsted", "March 2020 visit")
FULL = DocumentMeta(
    title="London Borough of Newham: Inspection of children’s social care services",
    date=dt.date(2019, 3, 25),
    publisher="Ofsted",
    source_type="ofsted",
    event="February 2019 inspection",
    authority="Newham",
    kind="inspection report",
    url="https://example.org/report.pdf",
    source="2019-03-25-report.pdf",
    date_precision="day",
    inspection_start=dt.date(2019, 2, 11),
    inspection_end=dt.date(2019, 2, 22),
    lead_inspector="Dawn Godfrey",
    framework="ILACS",
    judgements=(("Overall effectiveness", "Inadequate"), ("Leadership", "Inadequate")),
    pages=(0, 1494, 3239),
    source_path="reports/newham/2019.pdf",
    source_digest="ab12",
)


def _values(**changes: Any) -> dict[str, Any]:
    return meta_values(MINIMAL) | changes


@pytest.mark.parametrize("meta", [MINIMAL, FULL], ids=["minimal", "full"])
def test_values_round_trip(meta: DocumentMeta) -> None:
    assert parse_meta(meta_values(meta), WHERE) == meta


@pytest.mark.parametrize("meta", [MINIMAL, FULL], ids=["minimal", "full"])
def test_values_round_trip_through_yaml_front_matter(meta: DocumentMeta) -> None:
    front_matter = yaml.safe_dump(meta_values(meta), allow_unicode=True, sort_keys=False)
    assert parse_meta(yaml.safe_load(front_matter), WHERE) == meta


def test_meta_values_are_plain_and_leave_out_what_is_unset() -> None:
    assert meta_values(MINIMAL) == {
        "title": "Letter",
        "date": dt.date(2020, 3, 27),
        "publisher": "Ofsted",
        "source_type": "ofsted",
        "event": "March 2020 visit",
    }
    values = meta_values(FULL)
    assert values["judgements"] == {
        "Overall effectiveness": "Inadequate",
        "Leadership": "Inadequate",
    }
    assert list(values["judgements"]) == ["Overall effectiveness", "Leadership"]  # in order
    assert values["pages"] == [0, 1494, 3239]
    assert values["inspection_start"] == dt.date(2019, 2, 11)


def test_parse_meta_reads_front_matter_as_people_write_it() -> None:
    meta = parse_meta(
        _values(
            date="2020-03-27",
            inspection_end="2020-03-05",
            judgements=[["Overall effectiveness", "Good"]],  # pairs, as well as a mapping
            framework=2023,  # YAML reads a bare number as an int
            authority=None,  # an empty key is unset
            notes="a key the metadata does not have",
        ),
        WHERE,
    )
    assert meta.date == dt.date(2020, 3, 27)
    assert meta.inspection_end == dt.date(2020, 3, 5)
    assert meta.judgements == (("Overall effectiveness", "Good"),)
    assert meta.overall == "Good"
    assert meta.framework == "2023"
    assert meta.authority is None
    assert parse_meta(_values(pages=[]), WHERE).pages == ()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": None}, "front matter lacks title"),
        ({"title": ""}, "front matter lacks title"),
        ({"publisher": None, "event": None}, "front matter lacks publisher, event"),
        ({"date": None}, "front matter lacks date"),
        ({"source_type": "blog"}, "source_type 'blog' must be one of ofsted, council, press"),
        ({"judgements": "Good"}, "judgements 'Good' must map each judgement to its grade"),
        ({"judgements": ["Good"]}, "judgements"),
        ({"judgements": [["a", "b", "c"]]}, "judgements"),
        ({"pages": "0, 1149"}, "pages '0, 1149' must be a list of character offsets"),
        ({"pages": [0, -1]}, "pages"),
        ({"pages": [0, 1.5]}, "pages"),
        ({"pages": [True]}, "pages"),
        ({"date": "27/03/2020"}, "date '27/03/2020' is not an ISO date"),
        ({"date": "March 2020"}, "date 'March 2020' is not an ISO date"),
        ({"date": "2020-02-30"}, "date '2020-02-30' is not an ISO date"),
        ({"inspection_start": "2020-3-1"}, "inspection_start '2020-3-1' is not an ISO date"),
        ({"inspection_end": "soon"}, "inspection_end 'soon' is not an ISO date"),
    ],
)
def test_errors_name_the_file_and_the_key(values: dict[str, Any], message: str) -> None:
    with pytest.raises(CorpusError, match=message) as info:
        parse_meta(_values(**values), WHERE)
    assert str(info.value).startswith(f"{WHERE}: ")


@pytest.mark.parametrize("judgements", [5, True, 3.5])
def test_a_scalar_judgements_value_is_a_corpus_error(judgements: object) -> None:
    with pytest.raises(CorpusError, match="judgements"):
        parse_meta(_values(judgements=judgements), WHERE)
