#!/usr/bin/env python3
"""Writes examples/agents/questions_blind2.jsonl, the "blind2" set (python3 stdlib only).

    cd examples/agents && python3 build_blind2.py --db /tmp/agq-world/oiis.db --out questions_blind2.jsonl

A third held-out set, written after the fresh set had been scored, blind to the assistant's code and
to its results, for the next measurement (not to be built against). Its wordings are new: a question
sharing its first four words or its set of content words with any question in questions.jsonl,
questions_fresh.jsonl or another blind2 question is refused (below). The facts use the same builders
as build_questions.py / build_fresh.py (facts_sql.py), so they are exactly as README.md defines them.
Eight questions belong to no intent (agent "none", intent "none.documents", no facts).

Products are named in the questions loosely; each entry resolves its product through P_(hint), where
the hint must be part of exactly one product's name (or be its SKU), so a partial name never fits two
products. Customers are resolved through C_(name or e-mail or id); a name must be unique in the world.
The db is also read to name the months of a bi.trend question and to check that no top product,
category or customer in the set is tied with the runner-up.
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

P = period
ALL_SUPPLIERS = list(range(1, 9))
OPEN_PO = ["ordered"]
NONE = ("none.documents", [])
DB = None


def P_(hint):
    """SKU of the one product whose name contains hint (case-insensitive) or whose SKU is hint."""
    rows = DB.execute("SELECT sku FROM products WHERE lower(name) LIKE ? OR lower(sku) = ?",
                      ("%" + hint.lower() + "%", hint.lower())).fetchall()
    assert len(rows) == 1, ("product hint fits %d products" % len(rows), hint)
    return rows[0][0]


def C_(ref):
    """External id of a customer named by unique name, e-mail or id."""
    if ref.upper().startswith("CUST-"):
        rows = DB.execute("SELECT external_id FROM customers WHERE external_id = ?", (ref.upper(),)).fetchall()
    elif "@" in ref:
        rows = DB.execute("SELECT external_id FROM customers WHERE lower(email) = ?", (ref.lower(),)).fetchall()
    else:
        rows = DB.execute("SELECT external_id FROM customers WHERE lower(name) = ?", (ref.lower(),)).fetchall()
    assert len(rows) == 1, ("customer reference fits %d customers" % len(rows), ref)
    return rows[0][0]


def blind2():
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("stocktake shows gaps — what's at nil in garden that needs ordering in?", "inventory.reorder",
         inventory_reorder("garden")),
        ("OOS lines overall? doing the purchase run tmrw", "inventory.reorder", inventory_reorder()),
        ("pet aisle: anything sitting at zero we gotta re-up on", "inventory.reorder", inventory_reorder("pet")),
        ("please tell which stationery articles have no more quantity, I must to order", "inventory.reorder",
         inventory_reorder("stationery")),
        # ---------------------------------------------------------------- inventory.stock
        ("SOH sku-000160", "inventory.stock", inventory_stock(P_("SKU-000160"))),
        ("g'day, got any of those coremotion dumbbells mini left on the shelves?", "inventory.stock",
         inventory_stock(P_("CoreMotion Natural Dumbbells Mini"))),
        ("units in hand for the auralis laptop sleeve across every location", "inventory.stock",
         inventory_stock(P_("Auralis Compact Laptop Sleeve"))),
        ("is there still stok of the velo running shoes plus, customer waiting at counter", "inventory.stock",
         inventory_stock(P_("Velo Everyday Running Shoes Plus"))),
        # ---------------------------------------------------------------- inventory.forecast
        ("expected sell-through on the peakform yoga mat for the next 3 weeks?", "inventory.forecast",
         inventory_forecast(P_("PeakForm Family Yoga Mat XL"))),
        ("forecst: zesty ginger ale, next month", "inventory.forecast",
         inventory_forecast(P_("Zesty Family Ginger Ale 2-Pack"))),
        ("how many whiskerworks dog food bags am I likely to move by february?", "inventory.forecast",
         inventory_forecast(P_("WhiskerWorks Everyday Dog Food"))),
        ("for SKU-000130 what quantity we can expect customers buy in next period?", "inventory.forecast",
         inventory_forecast(P_("SKU-000130"))),
        # ---------------------------------------------------------------- inventory.pricing
        ("our retail on the casa nova clock lite — too high? thinking of marking it down", "inventory.pricing",
         inventory_pricing(P_("Casa Nova Everyday Wall Clock Lite"))),
        ("margin on sku-000079 looks thin, what would you charge", "inventory.pricing",
         inventory_pricing(P_("SKU-000079"))),
        ("Is the selling price of mava cap correct or we should change it?", "inventory.pricing",
         inventory_pricing(P_("Mava Classic Cap"))),
        # ---------------------------------------------------------------- inventory.report
        ("stock valuation + last year's Q1 units, prepping next Q1 buy", "inventory.report", inventory_report(1)),
        ("need the numbers for the xmas quarter plan (Q4): what's the stock holding worth", "inventory.report",
         inventory_report(4)),
        ("q3 range planning — whole-of-store inventory overview please", "inventory.report", inventory_report(3)),
        ("for the planning of second quarter, give me inventory summary with values", "inventory.report",
         inventory_report(2)),
        # ---------------------------------------------------------------- inventory.supplier
        ("who's the vendor for kidora science kit", "inventory.supplier",
         inventory_supplier(P_("Kidora Essential Science Kit"))),
        ("SKU-000153 — supplied by?", "inventory.supplier", inventory_supplier(P_("SKU-000153"))),
        ("which wholesaler sends us the greenthumb solar lights", "inventory.supplier",
         inventory_supplier(P_("GreenThumb Compact Solar Light"))),
        ("need to chase the supplier on officio notebook, who is it again", "inventory.supplier",
         inventory_supplier(P_("Officio Ultra Notebook"))),
        # ---------------------------------------------------------------- customer.churn
        ("customers drifting away — count of ones that stopped buying in the last 90 days", "customer.churn",
         customer_churn()),
        ("how many regulars have dropped off lately?", "customer.churn", customer_churn()),
        ("defection risk: shoppers who bought in the prior quarter but nothing since", "customer.churn",
         customer_churn()),
        ("which clients maybe will leave us? give the number", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("highest-spending customer ever", "customer.best", customer_best()),
        ("best punter this quarter?", "customer.best", customer_best(P("this_quarter"))),
        ("march's biggest spender, by $?", "customer.best", customer_best(P("month", 3))),
        ("which customer spent most between 1 and 30 september 2025", "customer.best",
         customer_best(P("range", ("2025-09-01", "2025-09-30")))),
        # ---------------------------------------------------------------- customer.segments
        ("break our shoppers down into groups — champions, at-risk etc", "customer.segments",
         customer_segments()),
        ("customer segmentation pls", "customer.segments", customer_segments()),
        ("is our clientele mostly one-off buyers or repeat ones? split it into groups", "customer.segments",
         customer_segments()),
        ("can u bucket the customer list by value & frequency", "customer.segments", customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("pull up evelyn jones's account", "customer.profile", customer_profile(C_("Evelyn Jones"))),
        ("owen.anderson.650@example.com order history summary", "customer.profile",
         customer_profile(C_("owen.anderson.650@example.com"))),
        ("cust-000313: how many orders, total spent, last purchase", "customer.profile",
         customer_profile(C_("CUST-000313"))),
        ("tell me about mateo lee, is he a good customer?", "customer.profile", customer_profile(C_("Mateo Lee"))),
        # ---------------------------------------------------------------- customer.recommend
        ("suggestions to upsell nora wilson?", "customer.recommend", customer_recommend(C_("Nora Wilson"))),
        ("CUST-000093 — next best offer", "customer.recommend", customer_recommend(C_("CUST-000093"))),
        ("i want to send leo.garcia.350@example.com a personalised promo, what items?", "customer.recommend",
         customer_recommend(C_("leo.garcia.350@example.com"))),
        # ---------------------------------------------------------------- bi.revenue
        ("takings yesterday?", "bi.revenue", bi_revenue(P("yesterday"))),
        ("turnover for Q3 2025", "bi.revenue", bi_revenue(P("quarter", 3, 2025))),
        ("sales this qtr so far ($ and # orders)", "bi.revenue", bi_revenue(P("this_quarter"))),
        ("total revnue of june month please", "bi.revenue", bi_revenue(P("month", 6))),
        # ---------------------------------------------------------------- bi.compare
        ("quarter-to-date vs the same stretch last year — are we up?", "bi.compare",
         bi_compare(P("this_quarter"), year_earlier(P("this_quarter")))),
        ("2025 YTD against same dates in 2024, % change", "bi.compare",
         bi_compare(P("this_year"), year_earlier(P("this_year")))),
        ("how does last quarter stack up against the one before", "bi.compare",
         bi_compare(P("last_quarter"), P("quarters_ago", 2))),
        ("sept vs oct sales growth", "bi.compare", bi_compare(P("month", 10), P("month", 9))),
        ("compare takings in the last 30 days with the 30 days before that", "bi.compare",
         bi_compare(P("last_days", 30), P("days_before_last", 30))),
        # ---------------------------------------------------------------- bi.trend
        ("monthly turnover for 2024, month by month", "bi.trend", trend(P("year", 2024))),
        ("how has revenue moved each month this quarter", "bi.trend", trend(P("this_quarter"))),
        ("sales trajectory per month over Q1 2025?", "bi.trend", trend(P("quarter", 1, 2025))),
        ("show me revenue by month for last year pls, I want see the seasonality", "bi.trend",
         trend(P("last_year"))),
        # ---------------------------------------------------------------- bi.top_products
        ("best seller last week by $", "bi.top_products", bi_top_products(P("last_week"))),
        ("which toy moved the most units in Q4?", "bi.top_products",
         bi_top_products(P("quarter", 4), "toys", by="units")),
        ("top earner among the beverages this month", "bi.top_products",
         bi_top_products(P("this_month"), "beverages")),
        ("what product sold the most qty in the last 90 days", "bi.top_products",
         bi_top_products(P("last_days", 90), by="units")),
        # ---------------------------------------------------------------- bi.categories
        ("strongest category last month?", "bi.categories", bi_categories(P("last_month"))),
        ("which dept brought in the most $$ in Q3 2025", "bi.categories", bi_categories(P("quarter", 3, 2025))),
        ("category leaderboard for this year", "bi.categories", bi_categories(P("this_year"))),
        ("what section of the store made most money last 7 days", "bi.categories",
         bi_categories(P("last_days", 7))),
        # ---------------------------------------------------------------- bi.aov
        ("average transaction value last month", "bi.aov", bi_aov(P("last_month"))),
        ("mean order size (in dollars) for Q3", "bi.aov", bi_aov(P("quarter", 3))),
        ("how much customers spend per order on average this week", "bi.aov", bi_aov(P("this_week"))),
        # ---------------------------------------------------------------- bi.returns
        ("refunds and cancels last month?", "bi.returns", bi_returns(P("last_month"))),
        ("2024: orders sent back or cancelled, totals", "bi.returns", bi_returns(P("year", 2024))),
        ("returns today", "bi.returns", bi_returns(P("today"))),
        # ---------------------------------------------------------------- operations.suppliers
        ("supplier scorecard — lead times and fill rates for all of them", "operations.suppliers",
         operations_suppliers(ALL_SUPPLIERS)),
        ("is bluewater supply reliable? how long they take and do they send everything", "operations.suppliers",
         operations_suppliers([6])),
        ("apex distribution delivery performance", "operations.suppliers", operations_suppliers([4])),
        ("which of our suppliers are slowest to deliver?", "operations.suppliers",
         operations_suppliers(ALL_SUPPLIERS)),
        # ---------------------------------------------------------------- operations.fulfilment
        ("dispatch speed last month — avg days order to fulfilled", "operations.fulfilment",
         operations_fulfilment(P("last_month"))),
        ("time to ship orders this week?", "operations.fulfilment", operations_fulfilment(P("this_week"))),
        ("how quick were we getting orders out in 2024 on average", "operations.fulfilment",
         operations_fulfilment(P("year", 2024))),
        ("average fulfilment days for orders placed last 30 days", "operations.fulfilment",
         operations_fulfilment(P("last_days", 30))),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("outstanding purchase orders?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("how many POs still pending delivery", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("any orders to suppliers not received yet", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("status of our purchase orders — what's still open", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("flag any weird orders from last week", "operations.anomalies", operations_anomalies(P("last_week"))),
        ("check this month's orders for pricing errors", "operations.anomalies",
         operations_anomalies(P("this_month"))),
        ("fraud / anomaly scan on today's orders pls", "operations.anomalies", operations_anomalies(P("today"))),
        ("were any orders in november rung up at the wrong price?", "operations.anomalies",
         operations_anomalies(P("month", 11))),
        ("audit the orders of last 7 days, something looks off with discounts", "operations.anomalies",
         operations_anomalies(P("last_days", 7))),
        # ---------------------------------------------------------------- out of scope (no intent)
        ("what's the weather in leeds tomorrow", NONE[0], NONE[1]),
        ("write me a short poem about our shop", NONE[0], NONE[1]),
        ("how do I reset the till password?", NONE[0], NONE[1]),
        ("can you book me a table for 4 at 7pm", NONE[0], NONE[1]),
        ("translate 'buy one get one free' into spanish", NONE[0], NONE[1]),
        ("who won the football last night", NONE[0], NONE[1]),
        ("the eftpos terminal keeps dropping wifi, how to fix", NONE[0], NONE[1]),
        ("what's 17% of 240", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- threads (blind2)
        ("top seller by revenue in Q3 2025?", "bi.top_products", bi_top_products(P("quarter", 3, 2025)), "b-t01"),
        ("who do we get that from", "inventory.supplier", inventory_supplier_of_top(P("quarter", 3, 2025)),
         "b-t01"),
        ("and how much of it is on the shelf now", "inventory.stock", inventory_stock_of_top(P("quarter", 3, 2025)),
         "b-t01"),
        ("biggest customer last quarter?", "customer.best", customer_best(P("last_quarter")), "b-t02"),
        ("any upsell ideas for that person", "customer.recommend", customer_recommend_top(P("last_quarter")), "b-t02"),
        ("takings since monday", "bi.revenue", bi_revenue(P("this_week")), "b-t03"),
        ("and the whole of last wk?", "bi.revenue", bi_revenue(P("last_week")), "b-t03"),
        ("what was the avg order value then", "bi.aov", bi_aov(P("last_week")), "b-t03"),
        ("granite imports lead time and fill rate", "operations.suppliers", operations_suppliers([2]), "b-t04"),
        ("and pioneer distribution?", "operations.suppliers", operations_suppliers([3]), "b-t04"),
        ("and how many POs are still open overall", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO), "b-t04"),
        ("ava.jones.161@example.com - when did she last order?", "customer.profile",
         customer_profile(C_("ava.jones.161@example.com")), "b-t05"),
        ("what shd we push to her next", "customer.recommend", customer_recommend(C_("CUST-000161")), "b-t05"),
        ("returns + cancellations in october", "bi.returns", bi_returns(P("month", 10)), "b-t06"),
        ("n in november?", "bi.returns", bi_returns(P("month", 11)), "b-t06"),
        ("SOH on nonnas crackers", "inventory.stock", inventory_stock(P_("Nonna's Premium Crackers")), "b-t07"),
        ("expected demand for it through january?", "inventory.forecast",
         inventory_forecast(P_("Nonna's Premium Crackers")), "b-t07"),
        ("is it priced right?", "inventory.pricing", inventory_pricing(P_("Nonna's Premium Crackers")), "b-t07"),
        ("order-to-dispatch lag yesterday, in days", "operations.fulfilment", operations_fulfilment(P("yesterday")),
         "b-t08"),
        ("same but across Q2 2025?", "operations.fulfilment", operations_fulfilment(P("quarter", 2, 2025)), "b-t08"),
    ]


def check_ties(db, rows):
    """The top product / category / customer of each question is not tied with the runner-up."""
    bad = []
    for r in rows:
        for f in r["facts"]:
            if f["name"] in ("top_product_revenue", "top_product_units", "top_category_revenue",
                             "top_customer_revenue") and "LIMIT 1)" in f["sql"]:
                first = db.execute(f["sql"]).fetchone()[0]
                second = db.execute(f["sql"].replace("LIMIT 1)", "LIMIT 1 OFFSET 1)")).fetchone()
                if second is not None and second[0] == first:
                    bad.append("%s %r: %s tied with the runner-up (%r)" % (r["id"], r["question"], f["name"], first))
    return bad


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions_blind2.jsonl")
    a = ap.parse_args()
    build_questions.DB = DB = sqlite3.connect(a.db)
    rows, last_in_thread = [], {}
    for n, e in enumerate(blind2(), 1):
        q, intent, facts = e[0], e[1], e[2]
        r = {"id": "b%03d" % n, "question": q, "agent": intent.split(".")[0], "intent": intent,
             "split": "blind2", "facts": facts}
        if len(e) > 3:
            r["thread"] = e[3]
            if e[3] in last_in_thread:
                r["follows"] = last_in_thread[e[3]]
            last_in_thread[e[3]] = r["id"]
        rows.append(r)
    here = os.path.dirname(os.path.abspath(__file__))
    bad = check_new(rows, [os.path.join(here, "questions.jsonl"), os.path.join(here, "questions_fresh.jsonl")], "blind2")
    bad += check_ties(DB, rows)
    if bad:
        raise SystemExit("\n".join(bad))
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
