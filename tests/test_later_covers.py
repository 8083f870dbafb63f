"""2006 on: the 8-K's registrant is the series' trust ("Citicorp Mortgage Securities Trust,
Series 2006-2"), CMSI its depositor; the trust also files Form 10-D distribution reports.

The cover is written for this test in the style of the 2006 filings, over the 2004-8 sample's
pool description with its series and dates changed.
"""

from __future__ import annotations

import datetime

import pytest

from reporting.errors import FilingError
from reporting.model.deal import FilingKind
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8
from reporting.validate.dates import DATES_CHECK

COVER_2006 = """\
                                  UNITED STATES
                       SECURITIES AND EXCHANGE COMMISSION
                             Washington, D.C. 20549

                                   FORM 8-K

                                 CURRENT REPORT

                          Date of Report: May 9, 2006
 -------------------------------------------------------------------------------
                        (Date of earliest event reported)

                CITICORP MORTGAGE SECURITIES TRUST, SERIES 2006-2
       (Issuer in Respect of the Citicorp Mortgage Securities, Inc. REMIC
                    Pass-Through Certificates, Series 2006-2)
 -------------------------------------------------------------------------------
           (Exact name of issuing entity as specified in its charter)

                       CITICORP MORTGAGE SECURITIES, INC.
 -------------------------------------------------------------------------------
              (Exact name of depositor as specified in its charter)

                            CITIMORTGAGE, INC.
 -------------------------------------------------------------------------------
               (Exact name of sponsor as specified in its charter)

            New York                 333-130333-02                Applied For
(State or other jurisdiction of    (Commission File No.      (I.R.S. Employer
 organization of issuing entity     of Issuing Entity)      Identification No.)

"""


def test_a_2006_cover_naming_the_trust_reads_as_the_2004_cover_did(detailed):
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    body = text[text.index("<PAGE>\nItem 2.01.") :].replace("Series 2004-8", "Series 2006-2")
    body = body.replace(
        "Item 2.01.   Completion of Acquisition or Disposition of Assets.", "Item 8.01.   Other Events."
    )
    deal = load_filing(ingest_bytes((COVER_2006 + body).encode(), "cmsi-2006-2.txt"))
    assert (deal.issuer, deal.series, deal.kind) == (detailed.issuer, "2006-2", FilingKind.DETAILED_DESCRIPTION)
    assert deal.date_of_report == datetime.date(2006, 5, 9)
    assert [(p.name, p.loan_count, p.aggregate_balance) for p in deal.pools] == [
        (p.name, p.loan_count, p.aggregate_balance) for p in detailed.pools
    ]
    # A 2006 cover on 2004-8's body: a pool cut off on October 1, 2004 under a cover of May 9, 2006. The check of
    # the two dates fails, and says so beside the cut-off date; nothing else differs from the 2004 filing.
    assert [c.name for c in deal.checks if not c.passed] == [DATES_CHECK]
    assert [(c.name, c.subject, c.expected, c.actual) for c in deal.checks if c.name != DATES_CHECK] == [
        (c.name, c.subject, c.expected, c.actual) for c in detailed.checks if c.name != DATES_CHECK
    ]
    doubt = "cut_off_date: the cut-off date (October 1, 2004) is 1 year and 220 days before the date of report"
    assert deal.warnings[:-1] == detailed.warnings and deal.warnings[-1].startswith(doubt)


def test_a_form_10_d_distribution_report_is_refused_naming_its_form():
    report = COVER_2006.replace("FORM 8-K", "FORM 10-D").replace("CURRENT REPORT", "ASSET-BACKED ISSUER")
    report = report.replace("(Issuer in Respect of", "(Issuing entity of")
    report += "Item 1. Distribution and Pool Performance Information.\n\nThe number of mortgage loans was 712.\n"
    with pytest.raises(
        FilingError, match=r"^cmsi-2006-2-10d\.txt: a Form 10-D filing, not a mortgage pool description"
    ):
        load_filing(ingest_bytes(report.encode(), "cmsi-2006-2-10d.txt"))


def test_a_series_written_with_a_leading_zero_is_kept_as_written_and_filed_under_one_name(detailed):
    # The 2005 covers wrote "Series 2005-03"; the report prints it so, and its files go where 2005-3's go.
    from reporting.model.names import deal_stem

    text = DETAILED_2004_8.read_text(encoding="utf-8").replace("Series 2004-8", "Series 2004-08")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-08.txt"))
    assert deal.series == "2004-08"
    assert deal_stem(deal.series, deal.source.path) == deal_stem(detailed.series, detailed.source.path) == "cmsi-2004-8"
