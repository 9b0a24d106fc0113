#!/usr/bin/env python3
"""Independent check of `govledger import usaspending`: counts and obligated cents per administration and per
awarding agency, computed from the CSV files with Python's own `csv` module.

Usage: check_totals.py REPORT.json EXPORT.json CSV...
  REPORT.json  from `govledger report --format json` on a ledger holding nothing but those files' awards;
  EXPORT.json  from `govledger export json` on the same ledger (its awards and the agencies they name).
Files are given in the order they were imported. Exit 1 on any difference.

The rules are docs/importing.md's, written again here without GovLedger's code: a later file's row wins, a
transactions file sums `federal_action_obligation` per award (its earliest `action_date`) but never overrides an
award a summaries file gave, amounts may carry `$`, commas or parentheses, dates may be M/D/YY (00-49 are 20xx),
M/D/YYYY or ISO with a time, codes may have lost leading zeros or be written as floats, and the awarding sub-tier
may only be in the award key.

Per administration (docs/history.md), an award with transactions (from any transactions file) counts each
transaction's `federal_action_obligation` under the administration of its `action_date`, and counts once in each
administration it has a transaction in; any other award counts under its start date. A transaction is known by
`contract_transaction_unique_key` (else award key, modification number and action date); a later row wins.
"""
import csv
import json
import re
import sys
from collections import Counter
from decimal import Decimal

from administrations import administration


def iso_day(text):
    text = (text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: .*)?", text)
    if m:
        month, day, year = int(m[1]), int(m[2]), int(m[3])
        if len(m[3]) == 2:
            year += 2000 if year < 50 else 1900
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text[:10]


def cents(text):
    text = (text or "").strip()
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").replace("$", "").replace(",", "")
    value = int(Decimal(text) * 100)
    return -value if negative else value


def code(text, width):
    text = (text or "").strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if text.isdigit() and len(text) < width:
        text = text.zfill(width)
    return text.upper()


def agency_path(row):
    """(toptier, sub-tier) of the awarding agency as the row names it; toptier None when only the sub-tier is."""
    top = code(row.get("awarding_agency_code"), 3) or None
    sub = code(row.get("awarding_sub_agency_code"), 4) or None
    if not top and not sub:
        parts = row["contract_award_unique_key"].split("_")
        sub = parts[-3] if parts[1] == "AWD" else parts[-1]
    return top, sub


def read(files):
    awards, from_summaries, history = {}, set(), {}
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            transactions = "federal_action_obligation" in reader.fieldnames and \
                "total_obligated_amount" not in reader.fieldnames
            sums = {}
            for row in reader:
                key = row["contract_award_unique_key"].strip()
                start = iso_day(row.get("period_of_performance_start_date")) or \
                    iso_day(row.get("award_base_action_date")) or iso_day(row.get("action_date"))
                amount = cents(row.get("federal_action_obligation" if transactions else "total_obligated_amount"))
                if transactions:
                    action = iso_day(row.get("action_date"))
                    tkey = (row.get("contract_transaction_unique_key") or "").strip()
                    if not tkey:  # a made key repeated is another action: …#2, …#3
                        tkey = made = "/".join([key, (row.get("modification_number") or "").strip(), action or ""])
                        n = 2
                        while tkey in history.get(key, {}):
                            tkey, n = f"{made}#{n}", n + 1
                    history.setdefault(key, {})[tkey] = (action, amount)
                    if key in sums:
                        total = sums[key]
                        if amount is not None:
                            total["cents"] = (total["cents"] or 0) + amount
                        total["start"] = min(d for d in [total["start"], start] if d) if (total["start"] or start) else None
                        total["path"] = agency_path(row)
                        continue
                    sums[key] = {"cents": amount, "start": start, "path": agency_path(row)}
                else:
                    awards[key] = {"cents": amount, "start": start, "path": agency_path(row)}
                    from_summaries.add(key)
            for key, award in sums.items():
                if key not in from_summaries:
                    awards[key] = award
    for key, transactions in history.items():
        awards[key]["history"] = list(transactions.values())
    return awards


def main():
    report_path, export_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    awards = read(files)

    by_administration = {}
    by_agency = Counter()
    for award in awards.values():
        pieces = award.get("history") or [(award["start"], award["cents"])]
        per = {}
        for day, amount in pieces:
            total, missing = per.get(administration(day), (0, False))
            per[administration(day)] = (total + (amount or 0), missing or amount is None)
        for slug, (amount, missing) in per.items():
            count, total, unknown = by_administration.get(slug, (0, 0, 0))
            by_administration[slug] = (count + 1, total + amount, unknown + missing)
        by_agency[award["path"][1] or award["path"][0], "awards"] += 1
        by_agency[award["path"][1] or award["path"][0], "cents"] += award["cents"] or 0

    with open(report_path) as f:
        report = json.load(f)
    actual = {a["administration"]: (a["awards"], a["obligated_cents"], a["awards_with_unknown_value"])
              for a in report["administrations"] if a["awards"]}
    failed = False
    if actual != by_administration:
        print("per administration:\n  govledger:", actual, "\n  python:   ", by_administration, file=sys.stderr)
        failed = True

    with open(export_path) as f:
        export = json.load(f)
    agencies = {a["id"]: a for a in export["agencies"]}

    def subtier_or_toptier(agency_id):
        # The sub-tier above an office (or the agency itself), else the toptier: what the CSV's path names.
        agency = agencies[agency_id]
        while agency.get("level") == "office" and agency.get("parent_id"):
            agency = agencies[agency["parent_id"]]
        return agency.get("subtier_code") or agency.get("cgac_code") or agency.get("frec_code")

    ledger_by_agency = Counter()
    for award in export["awards"]:
        if award.get("award_key") not in awards:
            continue
        name = subtier_or_toptier(award["agency_id"])
        ledger_by_agency[name, "awards"] += 1
        ledger_by_agency[name, "cents"] += award.get("obligated_cents") or 0
    if ledger_by_agency != by_agency:
        diff = {k: (ledger_by_agency.get(k), by_agency.get(k)) for k in set(ledger_by_agency) | set(by_agency)
                if ledger_by_agency.get(k) != by_agency.get(k)}
        print("per agency (govledger, python):", dict(sorted(diff.items())[:20]), file=sys.stderr)
        failed = True
    if failed:
        sys.exit(1)
    for slug, (count, total, unknown) in sorted(by_administration.items()):
        print(f"{slug}: {count} awards, {total} cents obligated, {unknown} unknown — matches")
    agencies_checked = sorted({k[0] for k in by_agency})
    print(f"{len(agencies_checked)} awarding agencies: {sum(by_agency[a, 'awards'] for a in agencies_checked)} awards, "
          f"{sum(by_agency[a, 'cents'] for a in agencies_checked)} cents obligated — each matches")


main()
