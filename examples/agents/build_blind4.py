#!/usr/bin/env python3
"""Writes examples/agents/questions_blind4.jsonl, the "blind4" set (python3 stdlib only).

    cd examples/agents && python3 build_blind4.py --db /tmp/agq-world/oiis.db --out questions_blind4.jsonl

A fifth held-out set, written after blind3 had been scored, blind to the assistant's code, tests and
results, for a later measurement (not to be built against). Its wordings are new: a question sharing
its first four words or its set of content words with any question in questions.jsonl,
questions_fresh.jsonl, questions_blind2.jsonl, questions_blind3.jsonl or another blind4 question is
refused (build_fresh.check_new). The facts use the same builders as the other sets (facts_sql.py), so
they are exactly as README.md defines them; the periods this set needed beyond the earlier ones ("h1" /
"h2", "since the start of november", "the day before yesterday", "last weekend", "the last 6 complete
months") were added to facts_sql.period. Ten questions belong to no intent (agent "none", intent
"none.documents", no facts): five about the shop's own documents and policies, five unrelated to the shop.

Products are named loosely, by part of a name, with typos or by SKU in several forms in the question;
each entry resolves its product through P_(hint) (build_blind2's resolver), where the hint (not the
question's wording) must be part of exactly one product's name or be its SKU. Customers are resolved
through C_(name or e-mail or id); a name must be unique in the world. The db is also read to name the
months of a bi.trend question and to check that no top product, category or customer in the set is tied
with the runner-up (build_blind2.check_ties).
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

OLD_SETS = ["questions.jsonl", "questions_fresh.jsonl", "questions_blind2.jsonl", "questions_blind3.jsonl"]


def blind4():
    BF = P("range", ("2025-11-28", "2025-11-28"))  # black friday, always written with its date
    BF24 = P("range", ("2024-11-29", "2024-11-29"))  # black friday 2024, written with its date
    XMAS_EVE = P("range", ("2025-12-24", "2025-12-24"))
    NOV_3_17 = P("range", ("2025-11-03", "2025-11-17"))
    H1 = P("half", 1)  # "h1" / "jan-jun this year": 2025-01-01 .. 2025-06-30
    H2 = P("half", 2)  # "h2": 2025-07-01 .. today
    SINCE_NOV = P("since_month", 11)
    PAST_2W = P("last_days", 14)  # "past 2 weeks" = the last 14 days, today included
    FORTNIGHT_BEFORE_LAST = P("days_before_last", 14)
    Q4_24 = P("quarter", 4, 2024)
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("clothing - which lines have hit zero? want a reorder in before the jan sale", "inventory.reorder",
         inventory_reorder("apparel")),
        ("Hi, could you tell me which products we've completely run out of please? I'm putting this week's "
         "order together, thanks", "inventory.reorder", inventory_reorder()),
        ("bevvies/drinks at 0 SOH - what do I need to get back in", "inventory.reorder",
         inventory_reorder("beverages")),
        # ---------------------------------------------------------------- inventory.stock
        ("how many SKU 33 have we got", "inventory.stock", inventory_stock(P_("SKU-000033"))),
        ("sku000090 soh", "inventory.stock", inventory_stock(P_("SKU-000090"))),
        ("hearth candle - got any left? lady on the phone wants three", "inventory.stock",
         inventory_stock(P_("Candle"))),
        ("pawsome cat food lite — total units across all the stores", "inventory.stock",
         inventory_stock(P_("Pawsome Essential Cat Food Lite"))),
        ("are the brightmind building blocks actually sold out or is the sytem wrong", "inventory.stock",
         inventory_stock(P_("Brightmind Family Building Blocks"))),
        # ---------------------------------------------------------------- inventory.forecast
        ("how many zesty sparkling water minis will we go through in the next fortnight", "inventory.forecast",
         inventory_forecast(P_("Zesty Pro Sparkling Water Mini"))),
        ("demand projection for sku 104, january", "inventory.forecast", inventory_forecast(P_("SKU-000104"))),
        ("Planning the January promo — can you estimate how many of the Mava hoodies we'd sell in a month?",
         "inventory.forecast", inventory_forecast(P_("Mava Eco Hoodie Mini"))),
        ("whats the run rate looking like on the velo jump rope, need a number for the next 6 wks",
         "inventory.forecast", inventory_forecast(P_("Velo Pro Jump Rope"))),
        # ---------------------------------------------------------------- inventory.pricing
        ("orchard gold cold brew: should the shelf price go up? margin looks tiny", "inventory.pricing",
         inventory_pricing(P_("Orchard Gold Premium Cold Brew Lite"))),
        ("sku-000179 pricing review pls (the cycling gloves)", "inventory.pricing",
         inventory_pricing(P_("SKU-000179"))),
        ("Would a 10% markdown on the lumen & oak blanket make sense, or is the margin too thin for that?",
         "inventory.pricing", inventory_pricing(P_("Lumen & Oak Ultra Blanket 2-Pack"))),
        ("velo tennis racket plus - RRP vs cost, do we leave it where it is", "inventory.pricing",
         inventory_pricing(P_("Velo Deluxe Tennis Racket Plus"))),
        ("CoreMotion water bottle XL, are we priced right against what it costs us", "inventory.pricing",
         inventory_pricing(P_("CoreMotion Smart Water Bottle XL"))),
        # ---------------------------------------------------------------- inventory.report
        ("q4 planning: inv valuation @ cost, no. of active SKUs and units we sold in q4 last yr",
         "inventory.report", inventory_report(4)),
        ("spring quarter planning (apr–jun) — need the stock report", "inventory.report", inventory_report(2)),
        ("pls prep the inventory pack for next quarter's planning meeting (that's Q1)", "inventory.report",
         inventory_report(1)),
        ("summer quarter buy plan, jul to sep: how does our inventory look? valuation etc", "inventory.report",
         inventory_report(3)),
        # ---------------------------------------------------------------- inventory.supplier
        ("who makes the yardly hose nozzle for us", "inventory.supplier",
         inventory_supplier(P_("Yardly Eco Hose Nozzle"))),
        ("SKU000131 vendor?", "inventory.supplier", inventory_supplier(P_("SKU-000131"))),
        ("fresh day conditioner is running low, which supplyer do I call", "inventory.supplier",
         inventory_supplier(P_("Fresh Day Family Conditioner"))),
        ("Which company supplies our TerraCraft potting soil (the 2pk)?", "inventory.supplier",
         inventory_supplier(P_("TerraCraft Smart Potting Soil 2-Pack"))),
        # ---------------------------------------------------------------- customer.churn
        ("count of customers gone quiet for 90+ days who were buying in the 90 days before that",
         "customer.churn", customer_churn()),
        ("are we losing custmers? how many look like they're slipping away", "customer.churn", customer_churn()),
        ("churn risk headcount pls", "customer.churn", customer_churn()),
        ("for the board pack I need a number: customers who haven't been back in a while and probably won't "
         "return", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("h1: which shopper brought in the most revenue", "customer.best", customer_best(H1)),
        ("biggest account between 3rd and 17th nov", "customer.best", customer_best(NOV_3_17)),
        ("#1 shopper on black friday (28 nov) by spend", "customer.best", customer_best(BF)),
        ("which customer has bought the most from us since the start of november?", "customer.best",
         customer_best(SINCE_NOV)),
        ("top 3 customers by revenue, q4 24", "customer.best", customer_best(Q4_24)),
        # ---------------------------------------------------------------- customer.segments
        ("how do our shoppers break down into segments — vip / regular / occasional, with headcounts",
         "customer.segments", customer_segments()),
        ("segmentation of the customer database for the CRM clean-up", "customer.segments", customer_segments()),
        ("what customer groups have we got and how big is each one", "customer.segments", customer_segments()),
        ("seg analysis on all buyers", "customer.segments", customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("emma clark - orders, spend, last order date", "customer.profile", customer_profile(C_("Emma Clark"))),
        ("nora.garcia.787@example.com what's her history with us", "customer.profile",
         customer_profile(C_("nora.garcia.787@example.com"))),
        ("acct cust000955: lifetime value + when they last bought", "customer.profile",
         customer_profile(C_("CUST-000955"))),
        ("Henry Taylor rang about his loyalty points. Can you pull his record up, when did he last shop with us?",
         "customer.profile", customer_profile(C_("Henry Taylor"))),
        ("what has grace lewis spent with us all up", "customer.profile", customer_profile(C_("Grace Lewis"))),
        # ---------------------------------------------------------------- customer.recommend
        ("abigail lewis just walked in, what could i suggest to her", "customer.recommend",
         customer_recommend(C_("Abigail Lewis"))),
        ("cross-sell for logan.lewis.963@example.com", "customer.recommend",
         customer_recommend(C_("logan.lewis.963@example.com"))),
        ("CUST-000639 — product suggestions for their birthday email", "customer.recommend",
         customer_recommend(C_("CUST-000639"))),
        ("what would harper thomas probably buy next from us", "customer.recommend",
         customer_recommend(C_("Harper Thomas"))),
        # ---------------------------------------------------------------- bi.revenue
        ("sales for the fortnight before last", "bi.revenue", bi_revenue(FORTNIGHT_BEFORE_LAST)),
        ("black friday takings (fri 28 nov)", "bi.revenue", bi_revenue(BF)),
        ("total revenue h1 2025 and number of orders", "bi.revenue", bi_revenue(P("half", 1, 2025))),
        ("sales the day before yesterday?", "bi.revenue", bi_revenue(P("days_ago", 2))),
        ("rev q4 24", "bi.revenue", bi_revenue(Q4_24)),
        ("ok so I'm doing the monthly review for the area manager and she always asks the same thing — what has "
         "the shop turned over since the start of november, and how many orders is that", "bi.revenue",
         bi_revenue(SINCE_NOV)),
        ("last weekend's takings (sat + sun)", "bi.revenue", bi_revenue(P("last_weekend"))),
        # ---------------------------------------------------------------- bi.compare
        ("q3 vs q2 revenue, % change", "bi.compare", bi_compare(P("quarter", 3), P("quarter", 2))),
        ("h2 vs h1 this year - how much did sales grow", "bi.compare", bi_compare(H2, H1)),
        ("black friday this year (28 nov) vs last year's (29 nov 2024) — takings up or down?", "bi.compare",
         bi_compare(BF, BF24)),
        ("past 2 weeks sales compared with the same 2 weeks last year", "bi.compare",
         bi_compare(PAST_2W, year_earlier(PAST_2W))),
        ("was november better than october? by how much %", "bi.compare",
         bi_compare(P("month", 11), P("month", 10))),
        # ---------------------------------------------------------------- bi.trend
        ("h2 revenue by month", "bi.trend", trend(H2)),
        ("monthly sales for jan-jun this year, want to see if spring picked up", "bi.trend", trend(H1)),
        ("apr/may/jun 2024 revenue month by month — was there a dip?", "bi.trend", trend(P("quarter", 2, 2024))),
        ("sales since the start of september broken down by month", "bi.trend", trend(P("since_month", 9))),
        ("revenue for each of the last 6 complete months pls, trying to see which way we're heading", "bi.trend",
         trend(P("full_months", 6))),
        # ---------------------------------------------------------------- bi.top_products
        ("top seller on black friday (28/11), by $", "bi.top_products", bi_top_products(BF)),
        ("most units sold in drinks last qtr", "bi.top_products",
         bi_top_products(P("last_quarter"), "beverages", by="units")),
        ("which clothing item earned the most in h1", "bi.top_products", bi_top_products(H1, "apparel")),
        ("top 5 skus by qty since the start of november", "bi.top_products", bi_top_products(SINCE_NOV, by="units")),
        ("highest revenue gadget in 2024", "bi.top_products", bi_top_products(P("year", 2024), "electronics")),
        # ---------------------------------------------------------------- bi.categories
        ("which dept did the most $ the fortnight before last", "bi.categories",
         bi_categories(FORTNIGHT_BEFORE_LAST)),
        ("what category brought in the most on christmas eve", "bi.categories", bi_categories(XMAS_EVE)),
        ("q4 2024: best category by sales", "bi.categories", bi_categories(Q4_24)),
        ("which part of the shop earned the most in h2", "bi.categories", bi_categories(H2)),
        ("from the 3rd to the 17th of november, which category had the highest revnue", "bi.categories",
         bi_categories(NOV_3_17)),
        # ---------------------------------------------------------------- bi.aov
        ("aov for the past 2 weeks", "bi.aov", bi_aov(PAST_2W)),
        ("avg basket $ on black friday (nov 28)", "bi.aov", bi_aov(BF)),
        ("average spend per order q4 24", "bi.aov", bi_aov(Q4_24)),
        # ---------------------------------------------------------------- bi.returns
        ("returns n cancels for last qtr", "bi.returns", bi_returns(P("last_quarter"))),
        ("cancelations & returns nov 3rd-17th", "bi.returns", bi_returns(NOV_3_17)),
        ("did many of the black friday (28 nov) orders end up returned or cancelled?", "bi.returns",
         bi_returns(BF)),
        ("h1 returns count", "bi.returns", bi_returns(H1)),
        # ---------------------------------------------------------------- operations.suppliers
        ("pioneer — avg days from PO to delivery, and do they short ship us?", "operations.suppliers",
         operations_suppliers([3])),
        ("vendor comparison: who delivers fastest and most complete", "operations.suppliers",
         operations_suppliers(ALL_SUPPLIERS)),
        ("atlas trading fill %", "operations.suppliers", operations_suppliers([7])),
        ("granite imports reliability check before i place a big order with them", "operations.suppliers",
         operations_suppliers([2])),
        ("how are the three bluewater suppliers doing on lead time / fill rate", "operations.suppliers",
         operations_suppliers([5, 6, 8])),
        ("falcon vs apex, who's quicker to deliver", "operations.suppliers", operations_suppliers([1, 4])),
        # ---------------------------------------------------------------- operations.fulfilment
        ("avg days to fulfil the orders placed on black friday (28 nov)", "operations.fulfilment",
         operations_fulfilment(BF)),
        ("how long is it taking us to get orders out the door, past 2 weeks", "operations.fulfilment",
         operations_fulfilment(PAST_2W)),
        ("fulfillment lag for q4 24 orders", "operations.fulfilment", operations_fulfilment(Q4_24)),
        ("order-to-ship days since the start of november", "operations.fulfilment",
         operations_fulfilment(SINCE_NOV)),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("how many purchase orders haven't been delivered yet", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("Morning — can you tell me how many supplier orders are still open? trying to work out what's arriving "
         "this week", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("undelivered POs?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("check the black friday orders (28 nov) for anything suspicious", "operations.anomalies",
         operations_anomalies(BF)),
        ("price anomolies wtd?", "operations.anomalies", operations_anomalies(P("this_week"))),
        ("scan christmas eve orders for discount abuse", "operations.anomalies", operations_anomalies(XMAS_EVE)),
        ("run an anomaly check over q4 24", "operations.anomalies", operations_anomalies(Q4_24)),
        ("between 3rd and 17th nov, any orders with weird prices or massive discounts?", "operations.anomalies",
         operations_anomalies(NOV_3_17)),
        # ---------------------------------------------------------------- out of scope: shop documents / policies
        ("what's our price-match policy if a customer shows a cheaper price online?", NONE[0], NONE[1]),
        ("staff discount - how much do employees get and does it apply to sale items", NONE[0], NONE[1]),
        ("where's the latest version of the store opening and closing checklist", NONE[0], NONE[1]),
        ("is there a minimum order value in our agreement with pioneer distribution?", NONE[0], NONE[1]),
        ("layby policy — how long can customers keep stuff on hold?", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- out of scope: unrelated
        ("what time does the sun set tonight", NONE[0], NONE[1]),
        ("can you help me write a cover letter for my daughter's first job", NONE[0], NONE[1]),
        ("convert 30 degrees celsius to fahrenheit", NONE[0], NONE[1]),
        ("best way to get red wine out of a carpet?", NONE[0], NONE[1]),
        ("tell me a joke, it's been a long day", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- threads (blind4)
        ("what was our best garden product last month ($)", "bi.top_products",
         bi_top_products(P("last_month"), "garden"), "d-t01"),
        ("who's the supplier on it", "inventory.supplier",
         inventory_supplier_of_top(P("last_month"), "garden"), "d-t01"),
        ("how many are sitting in stock", "inventory.stock", inventory_stock_of_top(P("last_month"), "garden"),
         "d-t01"),
        ("biggest spender past 2 weeks?", "customer.best", customer_best(PAST_2W), "d-t02"),
        ("nice, what should I send them as a thank-you offer", "customer.recommend",
         customer_recommend_top(PAST_2W), "d-t02"),
        ("christmas eve sales?", "bi.revenue", bi_revenue(XMAS_EVE), "d-t03"),
        ("how does that stack up vs xmas eve last yr", "bi.compare", bi_compare(XMAS_EVE, year_earlier(XMAS_EVE)),
         "d-t03"),
        ("and the basket size on the 24th?", "bi.aov", bi_aov(XMAS_EVE), "d-t03"),
        ("how much revenue did we do in oct", "bi.revenue", bi_revenue(P("month", 10)), "d-t04"),
        ("same month last yr", "bi.revenue", bi_revenue(P("month", 10, 2024)), "d-t04"),
        ("ok give me that as yoy growth %", "bi.compare", bi_compare(P("month", 10), P("month", 10, 2024)),
         "d-t04"),
        ("chloe.clark.540@example.com — how often does she buy & when was her last order", "customer.profile",
         customer_profile(C_("chloe.clark.540@example.com")), "d-t05"),
        ("anything in the range she'd likely go for?", "customer.recommend",
         customer_recommend(C_("chloe.clark.540@example.com")), "d-t05"),
        ("bluewater supply: are they sending the full qty we order?", "operations.suppliers",
         operations_suppliers([6]), "d-t06"),
        ("k. total open POs right now, all vendors", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO), "d-t06"),
        ("soh on the orchard gold iced tea xl", "inventory.stock",
         inventory_stock(P_("Orchard Gold Premium Iced Tea XL")), "d-t07"),
        ("which vendor's that from again", "inventory.supplier",
         inventory_supplier(P_("Orchard Gold Premium Iced Tea XL")), "d-t07"),
        ("ok and whats the forcast for it over the next month", "inventory.forecast",
         inventory_forecast(P_("Orchard Gold Premium Iced Tea XL")), "d-t07"),
        ("anything OOS in gardening i should reorder", "inventory.reorder", inventory_reorder("garden"), "d-t08"),
        ("and homewares?", "inventory.reorder", inventory_reorder("home decor"), "d-t08"),
        ("fulfilment turnaround last qtr, in days", "operations.fulfilment",
         operations_fulfilment(P("last_quarter")), "d-t09"),
        ("and the qtr before that?", "operations.fulfilment", operations_fulfilment(P("quarters_ago", 2)),
         "d-t09"),
        ("cancelled + returned orders so far this month", "bi.returns", bi_returns(P("this_month")), "d-t10"),
        ("while you're in there, scan this month's orders for anything that looks off", "operations.anomalies",
         operations_anomalies(P("this_month")), "d-t10"),
    ]


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions_blind4.jsonl")
    a = ap.parse_args()
    build_questions.DB = build_blind2.DB = DB = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    rows, last_in_thread = [], {}
    for n, e in enumerate(blind4(), 1):
        q, intent, facts = e[0], e[1], e[2]
        r = {"id": "d%03d" % n, "question": q, "agent": intent.split(".")[0], "intent": intent,
             "split": "blind4", "facts": facts}
        if len(e) > 3:
            r["thread"] = e[3]
            if e[3] in last_in_thread:
                r["follows"] = last_in_thread[e[3]]
            last_in_thread[e[3]] = r["id"]
        rows.append(r)
    here = os.path.dirname(os.path.abspath(__file__))
    bad = check_new(rows, [os.path.join(here, f) for f in OLD_SETS], "blind4")
    bad += check_ties(DB, rows)
    if bad:
        raise SystemExit("\n".join(bad))
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
