"""The deal's parties, named in the wordings a filing of any year may use.

Each filing here is the 2004-8 sample with its "to the Trustee, U.S. Bank National Association," taken out
and one sentence naming the trustee (or the paying agent) put in before "On October 28, 2004": the name read
is the name the sentence gives, whole, and nothing after it.
"""

from __future__ import annotations

import layouts
import pytest

from reporting.derive.summary import summarise
from reporting.model.deal import provenance_of
from reporting.pipeline import load_filing
from reporting.present.email import plain_text
from reporting.present.terminal import deal_summary
from reporting.read.ingest import ingest_bytes

_NAMED = "transferred to the Trustee, U.S. Bank National Association, mortgage loans with"
_UNNAMED = "transferred to the trustee mortgage loans with"
_OPENING = "     On October 28, 2004,"
_PAYING_AGENT = "Citibank, N.A., as paying agent,"


_NO_TRUSTEE = layouts.DETAILED.replace(_NAMED, _UNNAMED)
_NO_PAYING_AGENT = layouts.DETAILED.replace(_PAYING_AGENT, "the paying agent,")


def _with_sentence(sentence: str, text: str = _NO_TRUSTEE) -> str:
    """The detailed description (by default with its trustee unnamed) with ``sentence`` put in before its
    first paragraph."""
    assert text.count(_OPENING) == 1
    return text.replace(_OPENING, f"     {sentence}{_OPENING[4:]}")


def _parse(text: str):
    return load_filing(ingest_bytes(text.encode(), "parties.txt"))


_LINE = 60  # the line the sentence is put on


@pytest.mark.parametrize(
    ("sentence", "trustee"),
    [
        ("The trustee is Wells Fargo Bank, N.A.", "Wells Fargo Bank, N.A."),
        ("Wells Fargo Bank, N.A. will act as trustee.", "Wells Fargo Bank, N.A."),
        ("Wells Fargo Bank, N.A. will act as the trustee.", "Wells Fargo Bank, N.A."),
        ("Wells Fargo Bank will serve as trustee.", "Wells Fargo Bank"),
        ("Wells Fargo Bank, N.A. is the trustee.", "Wells Fargo Bank, N.A."),
        ("U.S. Bank National Association has been appointed trustee.", "U.S. Bank National Association"),
        (
            "The trustee for the certificates is Wells Fargo Bank, National Association.",
            "Wells Fargo Bank, National Association",
        ),
        ("The trustee under the pooling agreement will be The Bank of New York.", "The Bank of New York"),
        ('Wells Fargo Bank, N.A. (the "Trustee") will hold the loans.', "Wells Fargo Bank, N.A."),
        ("Wells Fargo Bank, N.A. (the \u201cTrustee\u201d) will hold the loans.", "Wells Fargo Bank, N.A."),
        ('Wells Fargo Bank, N.A., as trustee (the "Trustee"), will hold the loans.', "Wells Fargo Bank, N.A."),
        ("JPMorgan Chase Bank, as Trustee, will hold the loans.", "JPMorgan Chase Bank"),
        ("THE TRUSTEE IS WELLS FARGO BANK, N.A.", "WELLS FARGO BANK, N.A."),
        ("WELLS FARGO BANK, N.A. WILL ACT AS TRUSTEE.", "WELLS FARGO BANK, N.A."),
        ("The trustee is J.P. Morgan & Co.", "J.P. Morgan & Co."),
        ("The trustee is Bankers Trust Company of California, Inc.", "Bankers Trust Company of California, Inc."),
        ("Deutsche Bank Trust Company, Americas will act as trustee.", "Deutsche Bank Trust Company, Americas"),
        ("The trustee is Wells Fargo Bank. CMSI is the depositor.", "Wells Fargo Bank"),
        ("The trustee is Wells Fargo Bank, a national banking association.", "Wells Fargo Bank"),
        ("WELLS FARGO BANK WILL ACT AS TRUSTEE.", "WELLS FARGO BANK"),
        ("DISTRIBUTIONS WILL BE MADE BY WELLS FARGO BANK AS TRUSTEE.", "WELLS FARGO BANK"),
        ("Wells Fargo Bank, N.A., a national banking association, will act as trustee.", "Wells Fargo Bank, N.A."),
        ("Wells Fargo Bank, a New York banking corporation, as trustee, will hold the loans.", "Wells Fargo Bank"),
        ("The Trustee, Wells Fargo Bank, N.A., will hold the loans.", "Wells Fargo Bank, N.A."),
        # the sentence before ends with a capitalised word: the name starts after its stop
        ("The loans come from CMSI. Wells Fargo Bank will act as trustee.", "Wells Fargo Bank"),
    ],
)
def test_the_trustee_is_read_from_its_wording(sentence: str, trustee: str):
    deal = _parse(_with_sentence(sentence))
    assert deal.trustee == trustee
    assert provenance_of(deal, "trustee").source_lines == (_LINE,)
    assert "trustee" not in deal.missing
    assert deal.paying_agent == "Citibank, N.A."


def test_the_trustee_listed_on_a_cover_is_read():
    # "Trustee:   Wells Fargo Bank, N.A." in a list of the deal's parties under the item's heading
    listed = "Trustee:        Wells Fargo Bank, N.A.\nPaying agent:   Citibank, N.A.\n\n"
    deal = _parse(_NO_PAYING_AGENT.replace(_NAMED, _UNNAMED).replace(_OPENING, listed + _OPENING))
    assert (deal.trustee, deal.paying_agent) == ("Wells Fargo Bank, N.A.", "Citibank, N.A.")
    assert provenance_of(deal, "trustee").source_lines == (_LINE,)
    assert provenance_of(deal, "paying_agent").source_lines == (_LINE + 1,)


@pytest.mark.parametrize(
    ("sentence", "paying_agent"),
    [
        ("The paying agent is Citibank, N.A.", "Citibank, N.A."),
        ("Citibank, N.A. will act as paying agent.", "Citibank, N.A."),
        ('Citibank, N.A. (the "Paying Agent") will make distributions.', "Citibank, N.A."),
    ],
)
def test_the_paying_agent_is_read_from_its_wording(sentence: str, paying_agent: str):
    deal = _parse(_with_sentence(sentence, _NO_PAYING_AGENT))
    assert deal.paying_agent == paying_agent
    assert deal.trustee == "U.S. Bank National Association"


@pytest.mark.parametrize(
    "sentence",
    [
        "It will act as trustee.",
        "The Bank will act as trustee.",
        "A National Banking Association will act as trustee.",
        "The trustee is a national banking association.",
        "The trustee is to be appointed by CMSI.",
    ],
)
def test_no_one_in_particular_is_no_trustee(sentence: str):
    deal = _parse(_with_sentence(sentence))
    assert deal.trustee is None


def test_two_trustees_named_keep_neither_and_say_so():
    # the sample's own "to the Trustee, U.S. Bank National Association," stays
    deal = _parse(_with_sentence("The trustee is Wells Fargo Bank, N.A.", layouts.DETAILED))
    assert deal.trustee is None
    (doubt,) = provenance_of(deal, "trustee").warnings
    assert "'Wells Fargo Bank, N.A.' (line 60)" in doubt and "'U.S. Bank National Association' (line 61)" in doubt
    assert "neither is kept" in doubt
    summary = summarise(deal)
    assert "trustee" in summary.missing_not_read and "trustee" not in summary.missing


def test_one_trustee_named_two_ways_is_one_trustee():
    deal = _parse(_with_sentence("U.S. Bank, N.A. will act as trustee.", layouts.DETAILED))
    assert deal.trustee == "U.S. Bank, N.A."
    assert provenance_of(deal, "trustee").warnings == ()


def test_a_trustee_named_in_words_not_read_is_in_the_filing_but_not_read():
    deal = _parse(_with_sentence("Wells Fargo Bank, N.A. has taken on the role of trustee."))
    assert deal.trustee is None
    (doubt,) = provenance_of(deal, "trustee").warnings
    assert "Wells Fargo Bank, N.A. has taken on the role of trustee." in doubt and "(line 60)" in doubt
    summary = summarise(deal)
    assert summary.missing_not_read == ("trustee",) and "trustee" not in summary.missing
    for said in (deal_summary(deal), plain_text(summary)):
        assert "In the filing but not read: trustee" in said or "in the filing but not read: trustee" in said


def test_a_filing_that_never_names_its_trustee_says_not_stated():
    deal = _parse(_NO_TRUSTEE)
    assert deal.trustee is None
    assert provenance_of(deal, "trustee") is None
    summary = summarise(deal)
    assert "trustee" in summary.missing and "trustee" not in summary.missing_not_read


def test_another_partys_name_beside_the_trustee_is_not_the_trustee_unread():
    # "authenticated by the trustee" and "Citibank, N.A., as paying agent" in one sentence: the bank named is
    # the paying agent, and the filing does not name its trustee
    text = _NO_TRUSTEE.replace(
        "authenticated by the paying agent,",
        "authenticated by the trustee and paid by Citibank, N.A., as paying agent,",
    )
    deal = _parse(text)
    assert (deal.trustee, deal.paying_agent) == (None, "Citibank, N.A.")
    assert provenance_of(deal, "trustee") is None
    assert "trustee" in summarise(deal).missing
