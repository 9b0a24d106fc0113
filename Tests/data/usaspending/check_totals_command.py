#!/usr/bin/env python3
"""Independent check of `govledger totals`: awards, obligated and potential cents per administration and per
federal fiscal year of the award's start date, computed from the CSVs with Python's csv module alone.

Usage: check_totals_command.py BY_ADMINISTRATION.json BY_FISCAL_YEAR.json CSV...  (the JSON from
`govledger totals --by administration --format json` and `--by fiscal-year`, on a ledger holding nothing
but those files). Exit 1 on any difference.
"""
import csv
import json
import sys
from decimal import Decimal

from administrations import administration


def fiscal_year(day):
    if not day:
        return "undated"
    year, month = int(day[:4]), int(day[5:7])
    return f"FY{year + 1 if month >= 10 else year}"


def cents(text):
    text = text.strip()
    return int(Decimal(text) * 100) if text else None


def main():
    by_administration, by_fiscal_year, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    awards = {}
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                awards[row["contract_award_unique_key"]] = row  # a later file's row wins, as in the ledger
    failed = False
    for path, key, column in [(by_administration, administration, "administration"),
                              (by_fiscal_year, fiscal_year, "fiscal_year")]:
        expected = {}
        for row in awards.values():
            label = key(row["period_of_performance_start_date"] or row["award_base_action_date"])
            count, obligated, potential, unknown = expected.get(label, (0, 0, None, 0))
            amount = cents(row["total_obligated_amount"])
            value = cents(row.get("potential_total_value_of_award", ""))
            expected[label] = (count + 1, obligated + (amount or 0),
                               potential if value is None else (potential or 0) + value,
                               unknown + (amount is None))
        with open(path) as f:
            actual = {r[column]: (r["awards"], r["obligated_cents"], r["potential_cents"], r["awards_without_obligation"])
                      for r in json.load(f)}
        if actual != expected:
            print(f"{column}: govledger:", actual, "\npython:   ", expected, file=sys.stderr)
            failed = True
        else:
            for label, (count, obligated, potential, unknown) in sorted(expected.items()):
                print(f"totals by {column} {label}: {count} awards, {obligated} cents obligated, {potential} potential — matches")
    sys.exit(1 if failed else 0)


main()
