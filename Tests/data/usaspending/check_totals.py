#!/usr/bin/env python3
"""Independent check of `govledger import usaspending`: counts and obligated totals per administration.

Usage: check_totals.py REPORT.json CSV...  (REPORT.json from `govledger report --format json` on a ledger
holding nothing but those files). Exit 1 on any difference.
"""
import csv
import json
import sys
from decimal import Decimal

INAUGURATIONS = [("1993-01-20", "clinton"), ("2001-01-20", "bush"), ("2009-01-20", "obama"),
                 ("2017-01-20", "trump-1"), ("2021-01-20", "biden"), ("2025-01-20", "trump-2")]


def administration(day):
    if not day:
        return "undated"
    label = "before-1993"
    for start, slug in INAUGURATIONS:
        if day[:10] >= start:
            label = slug
    return label


def main():
    report_path, files = sys.argv[1], sys.argv[2:]
    awards = {}
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                awards[row["contract_award_unique_key"]] = row  # a later file's row wins, as in the ledger
    expected = {}
    for row in awards.values():
        slug = administration(row["period_of_performance_start_date"] or row["award_base_action_date"])
        count, cents, unknown = expected.get(slug, (0, 0, 0))
        amount = row["total_obligated_amount"].strip()
        if amount:
            cents += int(Decimal(amount) * 100)
        else:
            unknown += 1
        expected[slug] = (count + 1, cents, unknown)
    with open(report_path) as f:
        report = json.load(f)
    actual = {a["administration"]: (a["awards"], a["obligated_cents"], a["awards_with_unknown_value"])
              for a in report["administrations"] if a["awards"]}
    if actual != expected:
        print("govledger:", actual, "\npython:   ", expected, file=sys.stderr)
        sys.exit(1)
    for slug, (count, cents, unknown) in sorted(expected.items()):
        print(f"{slug}: {count} awards, {cents} cents obligated, {unknown} unknown — matches")


main()
