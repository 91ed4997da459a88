#!/usr/bin/env python3
"""Writes examples/agents/questions_fresh.jsonl, the "fresh" set (python3 stdlib only).

    cd examples/agents && python3 build_fresh.py --db /tmp/agq-world/oiis.db --out questions_fresh.jsonl

A second held-out set, written after the router had been trained on `train` and scored on
`holdout` (so both were seen), blind to the assistant's code, in wordings that are not copies or
close paraphrases of any question in questions.jsonl (checked below: no fresh question shares its
first four words or its set of content words with an existing one). The facts use the same
builders as build_questions.py (facts_sql.py), so they are exactly as README.md defines them.
Each entry: (question, intent, facts[, thread]); in a thread a question follows the one before it.
The db is read to name the months of a bi.trend question and to check that customer names used
are unique.
"""
import argparse
import json
import os
import re
import sqlite3

from facts_sql import (period, year_earlier, bi_revenue, bi_compare, bi_aov, bi_returns, bi_top_products,
                       bi_categories, inventory_reorder, inventory_stock, inventory_forecast, inventory_pricing,
                       inventory_report, inventory_supplier, customer_churn, customer_best, customer_segments,
                       customer_profile, customer_recommend, customer_recommend_top, operations_suppliers,
                       operations_fulfilment, operations_purchase_orders, operations_anomalies)
import build_questions
from build_questions import trend

P = period
ALL_SUPPLIERS = list(range(1, 9))
OPEN_PO = ["ordered"]


def fresh():
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("bevs w/ zero SOH that we should order again?", "inventory.reorder", inventory_reorder("beverages")),
        ("pls give me the list of items which are finish in stock so I can order them", "inventory.reorder",
         inventory_reorder()),
        ("OOS count in electronics, need to place replen", "inventory.reorder", inventory_reorder("electronics")),
        ("morning! before I do the weekly buy — which toys have sold out completely?", "inventory.reorder",
         inventory_reorder("toys")),
        # ---------------------------------------------------------------- inventory.stock
        ("stock SKU-000150?", "inventory.stock", inventory_stock("SKU-000150")),
        ("SOH lumen & oak wall clock", "inventory.stock", inventory_stock("SKU-000091")),
        ("hiya, a customer is asking for the mava scarf — have we got any left anywhere?", "inventory.stock",
         inventory_stock("SKU-000071")),
        ("the playworks train set, how many pieces we have now in all locations?", "inventory.stock",
         inventory_stock("SKU-000086")),
        # ---------------------------------------------------------------- inventory.forecast
        ("how many dermasoft sunscreens do u think we'll sell in the next 6 wks", "inventory.forecast",
         inventory_forecast("SKU-000174")),
        ("nimbus smartwatch: units we'll need for next qtr?", "inventory.forecast", inventory_forecast("SKU-000106")),
        ("how much pieces of orchard gold lemonade we will sell in the coming weeks?", "inventory.forecast",
         inventory_forecast("SKU-000161")),
        ("fcst units sku-000040 thru end of jan", "inventory.forecast", inventory_forecast("SKU-000040")),
        # ---------------------------------------------------------------- inventory.pricing
        ("hearth rug — are we charging too much?", "inventory.pricing", inventory_pricing("SKU-000189")),
        ("markup check on sku-000198 — shd we bump the price", "inventory.pricing", inventory_pricing("SKU-000198")),
        ("priceing advise for brightmind board game please, we are not sure it is good", "inventory.pricing",
         inventory_pricing("SKU-000021")),
        # ---------------------------------------------------------------- inventory.report
        ("I need to plan the stock for Q1, can you make me a report of inventory?", "inventory.report",
         inventory_report(1)),
        ("getting ready for q2 — inventory snapshot for the planning meeting plz", "inventory.report", inventory_report(2)),
        ("what's all our SOH worth at cost? doing the Q4 plan", "inventory.report",
         inventory_report(4)),
        ("putting together our Q3 buy plan — can I get the full inventory rundown?", "inventory.report",
         inventory_report(3)),
        # ---------------------------------------------------------------- inventory.supplier
        ("scribo sticky notes come from which vendor?", "inventory.supplier", inventory_supplier("SKU-000078")),
        ("furbest bird seed: manufacturer/supplier name?", "inventory.supplier", inventory_supplier("SKU-000136")),
        ("SKU-000184 is sourced from who", "inventory.supplier", inventory_supplier("SKU-000184")),
        ("from what company we are buying the tailwag dog leash?", "inventory.supplier",
         inventory_supplier("SKU-000127")),
        # ---------------------------------------------------------------- customer.churn
        ("how many lapsed shoppers do we have rn", "customer.churn", customer_churn()),
        ("how many clients we are loosing? they don't buy since long time", "customer.churn", customer_churn()),
        ("win-back list: people who used to order but have gone silent for 3 months", "customer.churn",
         customer_churn()),
        ("attrition risk — who's gone cold on us", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("whos my top spender since monday", "customer.best", customer_best(P("this_week"))),
        ("biggest account in Q2 2025", "customer.best", customer_best(P("quarter", 2, 2025))),
        ("the no. 1 customer by GMV over the last 60 days", "customer.best", customer_best(P("last_days", 60))),
        ("hey, who was our MVP shopper yesterday?", "customer.best", customer_best(P("yesterday"))),
        # ---------------------------------------------------------------- customer.segments
        ("cohort breakdown of our customer base", "customer.segments", customer_segments()),
        ("how many people in each RFM bucket?", "customer.segments", customer_segments()),
        ("how does our clientele split up — loyal, new, lapsed and so on", "customer.segments",
         customer_segments()),
        ("slice the buyer list into tiers for me", "customer.segments", customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("henry adams — who is he, what's he bought, when was he last in", "customer.profile", customer_profile("CUST-000645")),
        ("CUST-000296 lifetime orders and spend?", "customer.profile", customer_profile("CUST-000296")),
        ("wat do we know about jacob brown", "customer.profile", customer_profile("CUST-000016")),
        ("mia.jones.907@example.com — last time she ordered?", "customer.profile", customer_profile("CUST-000907")),
        # ---------------------------------------------------------------- customer.recommend
        ("any product ideas for nora young?", "customer.recommend", customer_recommend("CUST-000296")),
        ("CUST-000722 is in store, what should I show them?", "customer.recommend", customer_recommend("CUST-000722")),
        ("what to pitch to harper miller next time she comes in", "customer.recommend",
         customer_recommend("CUST-000344")),
        # ---------------------------------------------------------------- bi.revenue
        ("hey, quick one — how did we do on sales over the holidays, i.e. last month?", "bi.revenue",
         bi_revenue(P("last_month"))),
        ("how're we tracking since monday, money-wise?", "bi.revenue", bi_revenue(P("this_week"))),
        ("net sales 1-15 march 2025 (both days incl.)", "bi.revenue",
         bi_revenue(P("range", ("2025-03-01", "2025-03-15")))),
        ("how much did Q1 bring in?", "bi.revenue", bi_revenue(P("quarter", 1))),
        ("gmv today so far", "bi.revenue", bi_revenue(P("today"))),
        # ---------------------------------------------------------------- bi.compare
        ("december MTD vs december last year", "bi.compare",
         bi_compare(P("this_month"), year_earlier(P("this_month")))),
        ("yoy for last quarter?", "bi.compare", bi_compare(P("last_quarter"), year_earlier(P("last_quarter")))),
        ("august vs july revenue, up or down?", "bi.compare", bi_compare(P("month", 8), P("month", 7))),
        ("last 60 days against the 60 days prior — % diff in sales", "bi.compare",
         bi_compare(P("last_days", 60), P("days_before_last", 60))),
        # ---------------------------------------------------------------- bi.trend
        ("each month's sales in Q4 2024", "bi.trend", trend(P("quarter", 4, 2024))),
        ("YTD GMV broken out by month", "bi.trend", trend(P("this_year"))),
        ("please the trend of revenue month after month in last quarter, I need it for meeting", "bi.trend",
         trend(P("last_quarter"))),
        ("month-on-month revenue curve for Q2 2025", "bi.trend", trend(P("quarter", 2, 2025))),
        # ---------------------------------------------------------------- bi.top_products
        ("top SKU by units sold last 14 days", "bi.top_products", bi_top_products(P("last_days", 14), by="units")),
        ("which grocery item earned the most in november", "bi.top_products",
         bi_top_products(P("month", 11), "grocery")),
        ("hero product in home decor for 2024 ($)", "bi.top_products",
         bi_top_products(P("year", 2024), "home decor")),
        ("personal care: most units shifted YTD?", "bi.top_products",
         bi_top_products(P("this_year"), "personal care", by="units")),
        # ---------------------------------------------------------------- bi.categories
        ("which category led sales in Q1 2025", "bi.categories", bi_categories(P("quarter", 1, 2025))),
        ("yesterday, which product category made us the most?", "bi.categories", bi_categories(P("yesterday"))),
        ("biggest dept by revenue this month", "bi.categories", bi_categories(P("this_month"))),
        ("which category won last yr overall", "bi.categories", bi_categories(P("last_year"))),
        # ---------------------------------------------------------------- bi.aov
        ("basket size last 7 days ($ per order)", "bi.aov", bi_aov(P("last_days", 7))),
        ("what's the avg spend per checkout in october", "bi.aov", bi_aov(P("month", 10))),
        ("AOV since the 1st of this month", "bi.aov", bi_aov(P("this_month"))),
        # ---------------------------------------------------------------- bi.returns
        ("did anything get sent back or cancelled yesterday?", "bi.returns", bi_returns(P("yesterday"))),
        ("number of returned orders in Q2 2024", "bi.returns", bi_returns(P("quarter", 2, 2024))),
        ("cancellation count last week pls", "bi.returns", bi_returns(P("last_week"))),
        ("how many orders we got back from customers in 2025 until now?", "bi.returns",
         bi_returns(P("this_year"))),
        # ---------------------------------------------------------------- operations.suppliers
        ("vendor OTIF ranking pls", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("how many days does pioneer distribution usually take to deliver?", "operations.suppliers", operations_suppliers([3])),
        ("how good is granite imports at sending the full quantity", "operations.suppliers",
         operations_suppliers([2])),
        ("falcon imports: report card on deliveries", "operations.suppliers", operations_suppliers([1])),
        # ---------------------------------------------------------------- operations.fulfilment
        ("avg days from order placed to shipped in Q2 2025", "operations.fulfilment",
         operations_fulfilment(P("quarter", 2, 2025))),
        ("pick-pack-ship time, last 7 days", "operations.fulfilment", operations_fulfilment(P("last_days", 7))),
        ("how long did orders take to go out the door in october?", "operations.fulfilment",
         operations_fulfilment(P("month", 10))),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("inbound POs from vendors that haven't landed yet?", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("count of POs in ordered status", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("what stock is on the way to us from suppliers right now", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("how many open p/o's do we have rn", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("sanity-check yesterday's orders for price glitches", "operations.anomalies",
         operations_anomalies(P("yesterday"))),
        ("unusual discounts in the last 14 days?", "operations.anomalies", operations_anomalies(P("last_days", 14))),
        ("anything dodgy in the Q3 2024 orders? run the checks", "operations.anomalies", operations_anomalies(P("quarter", 3, 2024))),
        ("were there orders with wrong prices between 1 and 10 december 2025?", "operations.anomalies",
         operations_anomalies(P("range", ("2025-12-01", "2025-12-10")))),
        # ---------------------------------------------------------------- threads (fresh)
        ("what was GMV for last week, mon-sun?", "bi.revenue", bi_revenue(P("last_week")), "f-t01"),
        ("n vs the wk before that?", "bi.compare", bi_compare(P("last_week"), P("week_before_last")), "f-t01"),
        ("basket size that week, in $?", "bi.aov", bi_aov(P("last_week")), "f-t01"),
        ("SOH on the bubbl cold brew", "inventory.stock", inventory_stock("SKU-000018"), "f-t02"),
        ("who's the vendor on that one", "inventory.supplier", inventory_supplier("SKU-000018"), "f-t02"),
        ("and their lead time / fill rate lately?", "operations.suppliers", operations_suppliers([2]), "f-t02"),
        ("ella.adams.723@example.com — total spend + when she last bought", "customer.profile",
         customer_profile("CUST-000723"), "f-t03"),
        ("ok what would you pitch to her next?", "customer.recommend", customer_recommend("CUST-000723"), "f-t03"),
        ("who was the top customer in 2024?", "customer.best", customer_best(P("year", 2024)), "f-t04"),
        ("nice — anything we could cross-sell to that customer?", "customer.recommend",
         customer_recommend_top(P("year", 2024)), "f-t04"),
        ("yesterday's orders: how many days on average until they were fulfilled?", "operations.fulfilment", operations_fulfilment(P("yesterday")), "f-t05"),
        ("and for the whole of last month?", "operations.fulfilment", operations_fulfilment(P("last_month")),
         "f-t05"),
        ("what came back in september? returns/cancellations", "bi.returns", bi_returns(P("month", 9)), "f-t06"),
        ("ok and october?", "bi.returns", bi_returns(P("month", 10)), "f-t06"),
        ("number of unreceived purchase orders atm?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO), "f-t07"),
        ("and atlas trading, do they deliver the qty we order?", "operations.suppliers", operations_suppliers([7]), "f-t07"),
        ("how many SKU-000045 will go out the door next fortnight", "inventory.forecast", inventory_forecast("SKU-000045"), "f-t08"),
        ("is its price still ok vs cost?", "inventory.pricing", inventory_pricing("SKU-000045"), "f-t08"),
        ("Q2 2025 — what did an average order come to?", "bi.aov", bi_aov(P("quarter", 2, 2025)), "f-t09"),
        ("and total revenue that same quarter", "bi.revenue", bi_revenue(P("quarter", 2, 2025)), "f-t09"),
        ("top category over the last 30 days?", "bi.categories", bi_categories(P("last_days", 30)), "f-t10"),
        ("and what was the best-selling product overall in that window, by revenue", "bi.top_products",
         bi_top_products(P("last_days", 30)), "f-t10"),
    ]


NAMES = ["Henry Adams", "Jacob Brown", "Nora Young", "Harper Miller", "Ella Adams"]

STOP = set("""a an the and or of in on for to at by from with w/ is are was were be do does did we us our my i me
you u it its this that these those what what's whats which who who's whos how much many any there some so
pls plz please can could would should shd will we'll just ok n vs hey""".split())


def words(q):
    return re.findall(r"[a-z0-9$%#'.@-]+", q.lower().replace("—", " "))


def content(q):
    return frozenset(w.strip(".'?") for w in words(q) if w.strip(".'?") and w.strip(".'?") not in STOP)


def check_new(rows, old_paths, label="fresh"):
    """No new question shares its first four words or its content-word set with an existing one
    (in `old_paths`) or with another new one (named `label` in the message)."""
    old = []
    for path in old_paths:
        old += [json.loads(l)["question"] for l in open(path) if l.strip()]
    first4 = {tuple(words(q)[:4]): q for q in old}
    sets = {content(q): q for q in old}
    bad, seen4, seensets = [], {}, {}
    for r in rows:
        q = r["question"]
        f4, cs = tuple(words(q)[:4]), content(q)
        if f4 in first4:
            bad.append("%s %r: same first four words as %r" % (r["id"], q, first4[f4]))
        if cs in sets:
            bad.append("%s %r: same content words as %r" % (r["id"], q, sets[cs]))
        if f4 in seen4 or cs in seensets:
            bad.append("%s %r: close to %s %r" % (r["id"], q, label, seen4.get(f4) or seensets.get(cs)))
        seen4[f4], seensets[cs] = q, q
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions_fresh.jsonl")
    a = ap.parse_args()
    build_questions.DB = db = sqlite3.connect(a.db)
    rows, last_in_thread = [], {}
    for n, e in enumerate(fresh(), 1):
        q, intent, facts = e[0], e[1], e[2]
        r = {"id": "f%03d" % n, "question": q, "agent": intent.split(".")[0], "intent": intent, "split": "fresh",
             "facts": facts}
        if len(e) > 3:
            r["thread"] = e[3]
            if e[3] in last_in_thread:
                r["follows"] = last_in_thread[e[3]]
            last_in_thread[e[3]] = r["id"]
        rows.append(r)
    for name in NAMES:
        c = db.execute("SELECT count(*) FROM customers WHERE name = ?", (name,)).fetchone()[0]
        assert c == 1, (name, c)
    bad = check_new(rows, [os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.jsonl")])
    if bad:
        raise SystemExit("\n".join(bad))
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
