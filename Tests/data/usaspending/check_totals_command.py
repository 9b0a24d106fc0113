#!/usr/bin/env python3
"""Independent check of `govledger totals`: awards, obligated and potential cents per administration and per
federal fiscal year of the award's start date, computed from the CSVs with Python's csv module alone.

Usage: check_totals_command.py BY_ADMINISTRATION.json BY_FISCAL_YEAR.json CSV...  (the JSON from
`govledger totals --by administration --format json` and `--by fiscal-year`, on a ledger holding nothing
but those files). Exit 1 on any difference.

A transactions file (docs/history.md) dates money by each transaction's `action_date`: an award with transactions
counts once under each administration (fiscal year) it has a transaction in, with those transactions' obligations,
and its potential value under its start date; a summaries file's row gives the award's own fields.
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
    awards, history, from_summaries = {}, {}, set()
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            transactions = "federal_action_obligation" in reader.fieldnames and \
                "total_obligated_amount" not in reader.fieldnames
            for row in reader:
                key = row["contract_award_unique_key"]
                if transactions:
                    action = row["action_date"][:10] or None
                    tkey = row.get("contract_transaction_unique_key")
                    if not tkey:  # a made key repeated is another action: …#2, …#3
                        tkey = made = "/".join([key, row.get("modification_number", ""), action or ""])
                        n = 2
                        while tkey in history.get(key, {}):
                            tkey, n = f"{made}#{n}", n + 1
                    history.setdefault(key, {})[tkey] = (action, cents(row["federal_action_obligation"]))
                    if key not in from_summaries:
                        first = awards.get(key)
                        awards[key] = dict(row, start=min(d for d in [first and first["start"], row["period_of_performance_start_date"]
                                                                       or row.get("award_base_action_date") or action] if d))
                else:
                    from_summaries.add(key)
                    awards[key] = dict(row, start=row["period_of_performance_start_date"] or row["award_base_action_date"])
    failed = False
    for path, key, column in [(by_administration, administration, "administration"),
                              (by_fiscal_year, fiscal_year, "fiscal_year")]:
        expected = {}
        for award_key, row in awards.items():
            value = cents(row.get("potential_total_value_of_award", ""))
            if award_key in history:
                per = {}
                for day, amount in history[award_key].values():
                    total, missing = per.get(key(day), (0, False))
                    per[key(day)] = (total + (amount or 0), missing or amount is None)
                pieces = [(label, 1, amount, None, missing) for label, (amount, missing) in per.items()]
                if value is not None:
                    pieces.append((key(row["start"]), 0, 0, value, False))
            else:
                amount = cents(row["total_obligated_amount"])
                pieces = [(key(row["start"]), 1, amount or 0, value, amount is None)]
            for label, one, amount, value, missing in pieces:
                count, obligated, potential, unknown = expected.get(label, (0, 0, None, 0))
                expected[label] = (count + one, obligated + amount,
                                   potential if value is None else (potential or 0) + value, unknown + missing)
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
