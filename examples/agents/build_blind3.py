#!/usr/bin/env python3
"""Writes examples/agents/questions_blind3.jsonl, the "blind3" set (python3 stdlib only).

    cd examples/agents && python3 build_blind3.py --db /tmp/agq-world/oiis.db --out questions_blind3.jsonl

A fourth held-out set, written after blind2 had been scored, blind to the assistant's code, tests and
results, for a later measurement (not to be built against). Its wordings are new: a question sharing
its first four words or its set of content words with any question in questions.jsonl,
questions_fresh.jsonl, questions_blind2.jsonl or another blind3 question is refused (build_fresh.check_new).
The facts use the same builders as the other sets (facts_sql.py), so they are exactly as README.md
defines them. Ten questions belong to no intent (agent "none", intent "none.documents", no facts): five
about the shop's own documents and policies, five unrelated to the shop.

Products are named loosely, by part of a name or with typos in the question; each entry resolves its
product through P_(hint), where the hint (not the question's wording) must be part of exactly one
product's name or be its SKU. Customers are resolved through C_(name or e-mail or id); a name must be
unique in the world. The db is also read to name the months of a bi.trend question and to check that
no top product, category or customer in the set is tied with the runner-up (check_ties, as in
build_blind2.py).
"""
import argparse
import json
import os
import sqlite3

from facts_sql import (period, year_earlier, bi_revenue, bi_compare, bi_aov, bi_returns, bi_top_products,
                       bi_categories, inventory_reorder, inventory_stock, inventory_forecast, inventory_pricing,
                       inventory_report, inventory_supplier, customer_churn, customer_best, customer_segments,
                       customer_profile, customer_recommend, customer_recommend_top, operations_suppliers,
                       operations_fulfilment, operations_purchase_orders, operations_anomalies,
                       inventory_supplier_of_top, inventory_stock_of_top)
import build_questions
from build_questions import trend
from build_fresh import check_new
import build_blind2
from build_blind2 import check_ties

P = period
ALL_SUPPLIERS = list(range(1, 9))
OPEN_PO = ["ordered"]
NONE = ("none.documents", [])
DB = None


# The product and customer resolvers are blind2's, reading the same db.
P_ = build_blind2.P_
C_ = build_blind2.C_


def blind3():
    H24 = P("range", ("2024-12-20", "2025-01-05"))  # "the holidays" written out as a date range
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("zero-stock toy lines I need to put on the next PO?", "inventory.reorder", inventory_reorder("toys")),
        ("Apparel — anything completely sold thru that I should rebuy", "inventory.reorder",
         inventory_reorder("apparel")),
        ("whats gone OOS across the whole shop, need a buy list", "inventory.reorder", inventory_reorder()),
        # ---------------------------------------------------------------- inventory.stock
        ("SOH kidora kite?", "inventory.stock", inventory_stock(P_("Kidora Compact Kite Plus"))),
        ("units of sku 000145 on hand", "inventory.stock", inventory_stock(P_("SKU-000145"))),
        ("are we totally OOS on the bubbl iced tea or is there some in the stockroom?", "inventory.stock",
         inventory_stock(P_("Bubbl Premium Iced Tea Lite"))),
        ("zesty orange juce 2pk — count on hand pls", "inventory.stock",
         inventory_stock(P_("Zesty Smart Orange Juice 2-Pack"))),
        # ---------------------------------------------------------------- inventory.forecast
        ("projected demand for the tailwag chew toy through mid-jan", "inventory.forecast",
         inventory_forecast(P_("TailWag Classic Chew Toy"))),
        ("goodharvest pasta — how many bags will go over the next 10 days, roughly?", "inventory.forecast",
         inventory_forecast(P_("GoodHarvest Premium Pasta"))),
        ("SKU-000117 demand outlook, 8 wks", "inventory.forecast", inventory_forecast(P_("SKU-000117"))),
        ("If I don't reorder, how many bloomfield family garden gloves do you reckon we sell in january?",
         "inventory.forecast", inventory_forecast(P_("Bloomfield Family Garden Gloves Mini"))),
        # ---------------------------------------------------------------- inventory.pricing
        ("price check on the voltix bluetooth speaker — could we go higher?", "inventory.pricing",
         inventory_pricing(P_("Voltix Classic Bluetooth Speaker Lite"))),
        ("what markup are we getting on the hearth planter and is the ticket price ok", "inventory.pricing",
         inventory_pricing(P_("Hearth Deluxe Planter Plus"))),
        ("SKU-000146 repricing — yes or no?", "inventory.pricing", inventory_pricing(P_("SKU-000146"))),
        ("kestrel smartwatch plus: raise, hold or cut?", "inventory.pricing",
         inventory_pricing(P_("Kestrel Deluxe Smartwatch Plus"))),
        # ---------------------------------------------------------------- inventory.report
        ("third quarter range review coming up — where do we stand inventory-wise? full report pls", "inventory.report",
         inventory_report(3)),
        ("jan-mar planning pack (Q1) — inventory numbers please", "inventory.report", inventory_report(1)),
        ("before the holiday season meeting: total inventory at cost & last year's Q4 unit sales",
         "inventory.report", inventory_report(4)),
        ("Q2 open-to-buy prep, can u pull together the stock position", "inventory.report", inventory_report(2)),
        # ---------------------------------------------------------------- inventory.supplier
        ("homebright dish soap — who's the supplier?", "inventory.supplier",
         inventory_supplier(P_("HomeBright Ultra Dish Soap"))),
        ("vendor on SKU-000056", "inventory.supplier", inventory_supplier(P_("SKU-000056"))),
        ("coremotion tennis racket (the lite one), which distributor do we order it thru", "inventory.supplier",
         inventory_supplier(P_("CoreMotion Deluxe Tennis Racket Lite"))),
        ("where do the northline rain jackets come from? need to ring them", "inventory.supplier",
         inventory_supplier(P_("Northline Essential Rain Jacket 2-Pack"))),
        # ---------------------------------------------------------------- customer.churn
        ("number of customers who bought in the 3 months before last but haven't been back in the past 90 days",
         "customer.churn", customer_churn()),
        ("lapsing shopper count?", "customer.churn", customer_churn()),
        ("People who stopped coming in — how many are there?", "customer.churn", customer_churn()),
        ("churn watch: how many accounts look at risk rn", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("biggest spender over last year's holidays (20 dec 2024 - 5 jan 2025)?", "customer.best",
         customer_best(H24)),
        ("top shopper in feb", "customer.best", customer_best(P("month", 2))),
        ("whose the biggest customer of the past week, last 7 days", "customer.best",
         customer_best(P("last_days", 7))),
        ("2024's highest spending client?", "customer.best", customer_best(P("year", 2024))),
        ("largest customer by sales value, all-time", "customer.best", customer_best()),
        # ---------------------------------------------------------------- customer.segments
        ("how many customers fall into each segment (new, loyal, at risk...)?", "customer.segments",
         customer_segments()),
        ("run an RFM split on the customer file", "customer.segments", customer_segments()),
        ("segment breakdown of shoppers pls — for the loyalty program deck", "customer.segments",
         customer_segments()),
        ("Can you group our buyers into types so marketing can target them?", "customer.segments",
         customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("noah brown — how many orders, how much, last visit?", "customer.profile",
         customer_profile(C_("Noah Brown"))),
        ("abigail.nelson.165@example.com account overview", "customer.profile",
         customer_profile(C_("abigail.nelson.165@example.com"))),
        ("CUST-000412 spend to date + last purchase date", "customer.profile", customer_profile(C_("CUST-000412"))),
        ("What's the story with Amelia Lopez? big spender?", "customer.profile", customer_profile(C_("Amelia Lopez"))),
        ("owen jones came in complaining, when did he last buy from us", "customer.profile",
         customer_profile(C_("Owen Jones"))),
        # ---------------------------------------------------------------- customer.recommend
        ("leo williams is a regular — what should we put in front of him next?", "customer.recommend",
         customer_recommend(C_("Leo Williams"))),
        ("emma scott just signed up, anything to recommend her?", "customer.recommend",
         customer_recommend(C_("Emma Scott"))),
        ("reco for CUST-000519 pls", "customer.recommend", customer_recommend(C_("CUST-000519"))),
        ("harper.jones.62@example.com: which products to suggest in her next newsletter", "customer.recommend",
         customer_recommend(C_("harper.jones.62@example.com"))),
        # ---------------------------------------------------------------- bi.revenue
        ("sales quarter-to-date, $ and order count", "bi.revenue", bi_revenue(P("this_quarter"))),
        ("Revenue from 2025-06-01 to 2025-06-14 inclusive", "bi.revenue",
         bi_revenue(P("range", ("2025-06-01", "2025-06-14")))),
        ("takings over the holiday period — 20th dec 2024 thru 5th jan 2025", "bi.revenue",
         bi_revenue(H24)),
        ("the first quarter of 2024: what did the shop turn over", "bi.revenue", bi_revenue(P("quarter", 1, 2024))),
        ("what did we ring up on sunday the 28th?", "bi.revenue",
         bi_revenue(P("range", ("2025-12-28", "2025-12-28")))),
        # ---------------------------------------------------------------- bi.compare
        ("Q2 2025 vs Q1 2025 — revenue growth %", "bi.compare",
         bi_compare(P("quarter", 2, 2025), P("quarter", 1, 2025))),
        ("nov sales YoY", "bi.compare", bi_compare(P("month", 11), year_earlier(P("month", 11)))),
        ("last fortnight's takings compared to the fortnight before", "bi.compare",
         bi_compare(P("last_days", 14), P("days_before_last", 14))),
        ("first half of 2025 vs first half of 2024, how much are we up or down?", "bi.compare",
         bi_compare(P("range", ("2025-01-01", "2025-06-30")), P("range", ("2024-01-01", "2024-06-30")))),
        # ---------------------------------------------------------------- bi.trend
        ("monthly sales since jan", "bi.trend", trend(P("this_year"))),
        ("revenue per month for the second half of 2024 (jul-dec)", "bi.trend",
         trend(P("range", ("2024-07-01", "2024-12-31")))),
        ("break down the first quarter of 2024 sales by month", "bi.trend", trend(P("quarter", 1, 2024))),
        ("is revenue going up or down month on month across the third quarter?", "bi.trend",
         trend(P("quarter", 3))),
        # ---------------------------------------------------------------- bi.top_products
        ("#1 product by $ in the third quarter", "bi.top_products", bi_top_products(P("quarter", 3))),
        ("which drink has made the most money since monday", "bi.top_products",
         bi_top_products(P("this_week"), "beverages")),
        ("best performing electronics item MTD, by revenue", "bi.top_products",
         bi_top_products(P("this_month"), "electronics")),
        ("top grossing sku over the holidays (20/12/2024-05/01/2025)", "bi.top_products", bi_top_products(H24)),
        ("stationery: highest qty sold in 2024?", "bi.top_products",
         bi_top_products(P("year", 2024), "stationery", by="units")),
        # ---------------------------------------------------------------- bi.categories
        ("which category made the most $ in oct", "bi.categories", bi_categories(P("month", 10))),
        ("top dept QTD", "bi.categories", bi_categories(P("this_quarter"))),
        ("Over 1-21 Sept 2025, which product category generated the highest revenue?", "bi.categories",
         bi_categories(P("range", ("2025-09-01", "2025-09-21")))),
        # ---------------------------------------------------------------- bi.aov
        ("avg ticket in the third quarter", "bi.aov", bi_aov(P("quarter", 3))),
        ("what's an order worth on average YTD", "bi.aov", bi_aov(P("this_year"))),
        # ---------------------------------------------------------------- bi.returns
        ("how many orders were returned or cancelled over the holidays (dec 20 2024 - jan 5 2025)?",
         "bi.returns", bi_returns(H24)),
        ("cancellations + RTNs QTD", "bi.returns", bi_returns(P("this_quarter"))),
        ("what came back from customers in aug? returns and cancels", "bi.returns", bi_returns(P("month", 8))),
        # ---------------------------------------------------------------- operations.suppliers
        ("rank all suppliers on lead time & fill rate", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("bluewater imports — avg days to deliver and % of qty actually received", "operations.suppliers",
         operations_suppliers([8])),
        ("apex distrib fill rate", "operations.suppliers", operations_suppliers([4])),
        ("Is Bluewater Trading any good at delivering on time?", "operations.suppliers", operations_suppliers([5])),
        # ---------------------------------------------------------------- operations.fulfilment
        ("order-to-fulfilment days, QTD average", "operations.fulfilment", operations_fulfilment(P("this_quarter"))),
        ("how long were customers waiting for their orders over the holidays (20 dec 24 - 5 jan 25)?",
         "operations.fulfilment", operations_fulfilment(H24)),
        ("avg lead time from order to dispatch for orders placed since monday", "operations.fulfilment",
         operations_fulfilment(P("this_week"))),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("POs not yet received — how many?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("Do we have any open orders with our vendors at the moment?", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("whats inbound? open PO count", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("scan the orders from the third quarter for mispricing", "operations.anomalies",
         operations_anomalies(P("quarter", 3))),
        ("anything fishy QTD? odd discounts, wrong prices", "operations.anomalies",
         operations_anomalies(P("this_quarter"))),
        ("pls double check orders 1-7 dec 2025 for weird prices", "operations.anomalies",
         operations_anomalies(P("range", ("2025-12-01", "2025-12-07")))),
        # ---------------------------------------------------------------- out of scope: shop documents / policies
        ("what's our returns policy on opened electronics?", NONE[0], NONE[1]),
        ("customer wants to bring an item back without a receipt — how many days do they get?", NONE[0], NONE[1]),
        ("goods-in procedure: do I count the cartons before signing the driver's docket?", NONE[0], NONE[1]),
        ("payment terms in the granite imports contract — net 30 or net 60?", NONE[0], NONE[1]),
        ("does our supplier agreement with falcon imports let us send back damaged stock?", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- out of scope: unrelated
        ("remind me to pick up my dry cleaning at 5", NONE[0], NONE[1]),
        ("whats the capital of australia", NONE[0], NONE[1]),
        ("ugh long week. how are you doing today?", NONE[0], NONE[1]),
        ("got a good banana bread recipe?", NONE[0], NONE[1]),
        ("how far is it from sydney to melbourne by car", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- threads (blind3)
        ("MTD sales?", "bi.revenue", bi_revenue(P("this_month")), "c-t01"),
        ("and for the same days last dec?", "bi.revenue", bi_revenue(year_earlier(P("this_month"))), "c-t01"),
        ("so what's that as a % change", "bi.compare", bi_compare(P("this_month"), year_earlier(P("this_month"))),
         "c-t01"),
        ("who's our top customer for the third quarter", "customer.best", customer_best(P("quarter", 3)), "c-t02"),
        ("what should we email them about?", "customer.recommend", customer_recommend_top(P("quarter", 3)),
         "c-t02"),
        ("best selling toy by units in 2024", "bi.top_products", bi_top_products(P("year", 2024), "toys", by="units"),
         "c-t03"),
        ("which supplier is that one from?", "inventory.supplier",
         inventory_supplier_of_top(P("year", 2024), "toys", by="units"), "c-t03"),
        ("n how many r left", "inventory.stock", inventory_stock_of_top(P("year", 2024), "toys", by="units"),
         "c-t03"),
        ("falcon imports fill rate + lead time", "operations.suppliers", operations_suppliers([1]), "c-t04"),
        ("what about atlas trading", "operations.suppliers", operations_suppliers([7]), "c-t04"),
        ("ok and overall how many POs are we still waiting on", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO), "c-t04"),
        ("avg fulfilment time for september orders", "operations.fulfilment", operations_fulfilment(P("month", 9)),
         "c-t05"),
        ("and aug?", "operations.fulfilment", operations_fulfilment(P("month", 8)), "c-t05"),
        ("abigail.wilson.852@example.com — lifetime spend & last order", "customer.profile",
         customer_profile(C_("abigail.wilson.852@example.com")), "c-t06"),
        ("what else might she go for", "customer.recommend", customer_recommend(C_("abigail.wilson.852@example.com")),
         "c-t06"),
        ("how many scribo pens mini in stock", "inventory.stock",
         inventory_stock(P_("Scribo Natural Ballpoint Pens Mini")), "c-t07"),
        ("what does it cost us vs what we sell it for — margin ok?", "inventory.pricing",
         inventory_pricing(P_("Scribo Natural Ballpoint Pens Mini")), "c-t07"),
        ("and expected sales next month?", "inventory.forecast",
         inventory_forecast(P_("Scribo Natural Ballpoint Pens Mini")), "c-t07"),
        ("returns/cancellations for Q2 2025", "bi.returns", bi_returns(P("quarter", 2, 2025)), "c-t08"),
        ("same quarter the year before?", "bi.returns", bi_returns(P("quarter", 2, 2024)), "c-t08"),
        ("category that brought in the most YTD", "bi.categories", bi_categories(P("this_year")), "c-t09"),
        ("and in 2024?", "bi.categories", bi_categories(P("year", 2024)), "c-t09"),
        ("anything odd in the orders since monday?", "operations.anomalies", operations_anomalies(P("this_week")),
         "c-t10"),
        ("check last wk too", "operations.anomalies", operations_anomalies(P("last_week")), "c-t10"),
        ("what was last week's revenue while you're at it", "bi.revenue", bi_revenue(P("last_week")), "c-t10"),
        ("what's the average order value for october", "bi.aov", bi_aov(P("month", 10)), "c-t11"),
        ("and the same month in 2024?", "bi.aov", bi_aov(P("month", 10, 2024)), "c-t11"),
        ("any pet products with no stock left to order?", "inventory.reorder", inventory_reorder("pet"), "c-t12"),
        ("electronics?", "inventory.reorder", inventory_reorder("electronics"), "c-t12"),
    ]


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions_blind3.jsonl")
    a = ap.parse_args()
    build_questions.DB = build_blind2.DB = DB = sqlite3.connect(a.db)
    rows, last_in_thread = [], {}
    for n, e in enumerate(blind3(), 1):
        q, intent, facts = e[0], e[1], e[2]
        r = {"id": "c%03d" % n, "question": q, "agent": intent.split(".")[0], "intent": intent,
             "split": "blind3", "facts": facts}
        if len(e) > 3:
            r["thread"] = e[3]
            if e[3] in last_in_thread:
                r["follows"] = last_in_thread[e[3]]
            last_in_thread[e[3]] = r["id"]
        rows.append(r)
    here = os.path.dirname(os.path.abspath(__file__))
    bad = check_new(rows, [os.path.join(here, "questions.jsonl"), os.path.join(here, "questions_fresh.jsonl"),
                          os.path.join(here, "questions_blind2.jsonl")], "blind3")
    bad += check_ties(DB, rows)
    if bad:
        raise SystemExit("\n".join(bad))
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
