#!/usr/bin/env python3
"""The same totals query in DuckDB, for scale: bench/duckdb_totals.py CSV SUBTIER_CODE TOP RUNS

Loads the columns of the generated USAspending CSV that GovLedger's importer reads into one DuckDB table (in
memory, typed as GovLedger stores them: dates, integer cents), then times what
`govledger totals --by administration,vendor --agency ICE --top 20` answers: per administration (by the period
of performance start date, GovLedger's basis for awards without transactions), the 20 vendors with the largest
obligations at the sub-tier agency, with their award counts and obligated and potential cents. Prints one line
of figures that bench/run reads: load seconds, median query milliseconds, min, max, result rows.

What an analyst would otherwise do: `pip install duckdb`, read the CSV, write the SQL.
"""
import statistics
import sys
import time

import duckdb

# The columns `govledger import usaspending` reads from a prime award summaries file (USAspending.swift).
COLUMNS = [
    "contract_award_unique_key", "award_id_piid", "total_obligated_amount", "potential_total_value_of_award",
    "period_of_performance_start_date", "period_of_performance_current_end_date", "awarding_agency_code",
    "awarding_agency_name", "awarding_sub_agency_code", "awarding_sub_agency_name", "awarding_office_code",
    "awarding_office_name", "funding_agency_code", "funding_agency_name", "funding_sub_agency_code",
    "funding_sub_agency_name", "funding_office_code", "funding_office_name", "recipient_uei", "recipient_duns",
    "recipient_name", "recipient_name_raw", "recipient_parent_uei", "recipient_parent_duns",
    "recipient_parent_name", "award_type", "prime_award_base_transaction_description", "usaspending_permalink",
]

QUERY = """
WITH ranked AS (
  SELECT a.slug AS administration, x.recipient_uei AS uei, any_value(x.recipient_name) AS vendor,
         count(*) AS awards, sum(x.obligated_cents) AS obligated_cents, sum(x.potential_cents) AS potential_cents
  FROM awards x LEFT JOIN administrations a
    ON x.starts >= a.starts_on AND (a.ends_on IS NULL OR x.starts < a.ends_on)
  WHERE x.awarding_sub_agency_code = ?
  GROUP BY a.slug, x.recipient_uei
)
SELECT * FROM ranked
QUALIFY row_number() OVER (PARTITION BY administration ORDER BY obligated_cents DESC, vendor) <= ?
ORDER BY administration, obligated_cents DESC
"""


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: duckdb_totals.py CSV SUBTIER_CODE TOP RUNS")
    csv_path, subtier, top, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    con = duckdb.connect()
    start = time.perf_counter()
    selected = ", ".join(f'"{c}"' for c in COLUMNS)
    con.execute(f"""
        CREATE TABLE awards AS
        SELECT {selected},
               CAST(round(TRY_CAST(total_obligated_amount AS DECIMAL(18, 2)) * 100) AS BIGINT) AS obligated_cents,
               CAST(round(TRY_CAST(potential_total_value_of_award AS DECIMAL(18, 2)) * 100) AS BIGINT) AS potential_cents,
               TRY_CAST(period_of_performance_start_date AS DATE) AS starts
        FROM read_csv(?, header = true, all_varchar = true)
        """, [csv_path])
    con.execute("""
        CREATE TABLE administrations AS SELECT * FROM (VALUES
          ('clinton', DATE '1993-01-20', DATE '2001-01-20'), ('bush', DATE '2001-01-20', DATE '2009-01-20'),
          ('obama', DATE '2009-01-20', DATE '2017-01-20'), ('trump-1', DATE '2017-01-20', DATE '2021-01-20'),
          ('biden', DATE '2021-01-20', DATE '2025-01-20'), ('trump-2', DATE '2025-01-20', NULL))
          AS t(slug, starts_on, ends_on)
        """)
    load = time.perf_counter() - start
    samples = []
    rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(con.execute(QUERY, [subtier, top]).fetchall())
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{load:.2f} {statistics.median(samples):.2f} {min(samples):.2f} {max(samples):.2f} {rows} {duckdb.__version__}")


if __name__ == "__main__":
    main()
