#!/usr/bin/env python3
"""Writes examples/agents/questions_blind5.jsonl, the "blind5" set (python3 stdlib only).

    cd examples/agents && python3 build_blind5.py --db /tmp/agq-world/oiis.db --out questions_blind5.jsonl

A sixth held-out set, written after blind4, blind to the assistant's code, tests and results, for a later
measurement (not to be built against). Its wordings are new: a question sharing its first four words or
its set of content words with any question in questions.jsonl, questions_fresh.jsonl,
questions_blind2.jsonl, questions_blind3.jsonl, questions_blind4.jsonl or another blind5 question is
refused (build_fresh.check_new). The facts use the same builders as the other sets (facts_sql.py), so
they are exactly as README.md defines them; the periods this set needed beyond the earlier ones ("since
black friday", "saturday" / "sunday" / "monday's", "the week of dec 8th", "q1-q3", "the summer (jun-aug)",
"FY24/25 (jul-jun)") were added to facts_sql.period as new kinds (since_date, last_weekday, week_of,
quarters, month_span); the existing kinds are unchanged. Ten questions belong to no intent (agent
"none", intent "none.documents", no facts): five about the shop's own documents and policies, five
unrelated to the shop.

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

OLD_SETS = ["questions.jsonl", "questions_fresh.jsonl", "questions_blind2.jsonl", "questions_blind3.jsonl",
            "questions_blind4.jsonl"]


def blind5():
    SINCE_BF = P("since_date", "2025-11-28")  # "since black friday": 28 Nov 2025 .. today
    BOXING = P("range", ("2025-12-26", "2025-12-26"))  # boxing day = 26 Dec 2025
    BOXING24 = P("range", ("2024-12-26", "2024-12-26"))
    DEC_1 = P("range", ("2025-12-01", "2025-12-01"))  # "dec 1st"
    NYE24 = P("range", ("2024-12-31", "2024-12-31"))  # new year's eve 2024, written with its date
    WEEK_BEFORE_XMAS = P("week_of", "2025-12-15")  # Mon 15 .. Sun 21 Dec 2025, written with its dates
    WEEK_OF_8TH = P("week_of", "2025-12-08")  # Mon 8 .. Sun 14 Dec 2025
    SAT = P("last_weekday", 6)  # the latest Saturday before today: 2025-12-27
    SUN = P("last_weekday", 0)  # 2025-12-28
    MON = P("last_weekday", 1)  # 2025-12-29 (= yesterday on this world)
    LAST_3W = P("last_days", 21)  # "last 3 weeks" = the 21 days ending today
    PREV_3W = P("days_before_last", 21)
    YTD = P("this_year")  # "year to date"
    Q1_Q3 = P("quarters", (1, 3))  # "q1-q3" = 1 Jan .. 30 Sep 2025
    Q1_Q3_24 = P("quarters", (1, 3), 2024)
    SUMMER = P("month_span", (6, 3))  # "the summer (jun-aug)" = 1 Jun .. 31 Aug 2025
    SUMMER24 = P("month_span", (6, 3), 2024)
    FY2425 = P("month_span", (7, 12), 2024)  # "FY24/25 (jul-jun)" = 1 Jul 2024 .. 30 Jun 2025
    SEP24 = P("month", 9, 2024)  # "sep '24"
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("oos skus storewide? doing the weekly order this arvo", "inventory.reorder", inventory_reorder()),
        ("sports gear with nil on hand that i need to buy back in", "inventory.reorder", inventory_reorder("sports")),
        # ---------------------------------------------------------------- inventory.stock
        ("got many of the tiny titans train sets out the back?", "inventory.stock",
         inventory_stock(P_("Tiny Titans Smart Train Set"))),
        ("qty left of SKU#000162", "inventory.stock", inventory_stock(P_("SKU-000162"))),
        ("inkwell deluxe highlighters - any left or are we clean out", "inventory.stock",
         inventory_stock(P_("Inkwell Deluxe Highlighters"))),
        ("nestwell vase 2pk, how many do we hold in total", "inventory.stock",
         inventory_stock(P_("Nestwell Eco Vase 2-Pack"))),
        ("count of dermasoft face cream on the floor + in the stockroom", "inventory.stock",
         inventory_stock(P_("DermaSoft Ultra Face Cream Lite"))),
        # ---------------------------------------------------------------- inventory.forecast
        ("northline tee 2pks - how many will we sell between now and end of feb?", "inventory.forecast",
         inventory_forecast(P_("Northline Essential T-Shirt 2-Pack"))),
        ("sku 000023 projected sales next 2 months", "inventory.forecast", inventory_forecast(P_("SKU-000023"))),
        ("likely demand for goodharvest rice over the next 45 days?", "inventory.forecast",
         inventory_forecast(P_("GoodHarvest Classic Rice"))),
        ("roughly how many tiny titans doll houses shd we expect to shift in jan", "inventory.forecast",
         inventory_forecast(P_("Tiny Titans Essential Doll House"))),
        # ---------------------------------------------------------------- inventory.pricing
        ("is $156 too much for the peakform bike helmet? what would u price it at", "inventory.pricing",
         inventory_pricing(P_("PeakForm Family Bike Helmet XL"))),
        ("coremotion football 2pk - could we push the price up a few bucks?", "inventory.pricing",
         inventory_pricing(P_("CoreMotion Compact Football 2-Pack"))),
        ("what should we be charging for the officio stapler mini", "inventory.pricing",
         inventory_pricing(P_("Officio Pro Stapler Mini"))),
        ("margin on sku-113 (nonnas cookies) — worth a price rise?", "inventory.pricing",
         inventory_pricing(P_("SKU-000113"))),
        # ---------------------------------------------------------------- inventory.report
        ("new year quarter buy (jan–mar): stock at cost, active sku count, units we did that qtr last yr",
         "inventory.report", inventory_report(1)),
        ("q2 ranging meeting next wk, need the inventory report", "inventory.report", inventory_report(2)),
        ("inventory health report to plan jul-sep pls", "inventory.report", inventory_report(3)),
        ("oct–dec peak planning — where's our inventory at, value + last yr's units for that quarter",
         "inventory.report", inventory_report(4)),
        # ---------------------------------------------------------------- inventory.supplier
        ("who do we order the coastal sneakers lite from", "inventory.supplier",
         inventory_supplier(P_("Coastal Ultra Sneakers Lite"))),
        ("sku68 - who's the supplier?", "inventory.supplier", inventory_supplier(P_("SKU-000068"))),
        ("who do i ring about the cleanco bin bags", "inventory.supplier",
         inventory_supplier(P_("CleanCo Everyday Trash Bags Lite"))),
        ("fresh day hand soap xl comes from which supplier", "inventory.supplier",
         inventory_supplier(P_("Fresh Day Natural Hand Soap XL"))),
        ("which distributor carries the inkwell pencil set for us", "inventory.supplier",
         inventory_supplier(P_("Inkwell Family Pencil Set"))),
        # ---------------------------------------------------------------- customer.churn
        ("how many people used to shop here regularly but havent in the last 3 months", "customer.churn",
         customer_churn()),
        ("churners count, 90 day window", "customer.churn", customer_churn()),
        ("at-risk custs #?", "customer.churn", customer_churn()),
        ("customer retention: how many have lapsed over the past quarter or so", "customer.churn",
         customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("who's top customer year to date, by $", "customer.best", customer_best(YTD)),
        ("biggest spender sep '24?", "customer.best", customer_best(SEP24)),
        ("boxing day's biggest spender?", "customer.best", customer_best(BOXING)),
        ("highest spending customer for FY24/25 (jul 24 - jun 25)", "customer.best", customer_best(FY2425)),
        ("best customer over the last 3 weeks?", "customer.best", customer_best(LAST_3W)),
        # ---------------------------------------------------------------- customer.segments
        ("split customers by spend and recency, how many in each bucket", "customer.segments",
         customer_segments()),
        ("what does our customer mix look like? new vs repeat vs lapsed", "customer.segments",
         customer_segments()),
        ("customer tiers for the loyalty relaunch pls", "customer.segments", customer_segments()),
        ("give me the segments - need to know how many buyers sit in each", "customer.segments",
         customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("samuel moore — how much has he spent and when did he last come in", "customer.profile",
         customer_profile(C_("Samuel Moore"))),
        ("evelyn.garcia.993@example.com acct summary", "customer.profile",
         customer_profile(C_("evelyn.garcia.993@example.com"))),
        ("CUST-000427 last purchase? think they've stopped coming", "customer.profile",
         customer_profile(C_("CUST-000427"))),
        ("isabella scott's order count & total spend", "customer.profile", customer_profile(C_("Isabella Scott"))),
        ("zoe.anderson.982@example.com - is she a regular? orders, $ and last visit", "customer.profile",
         customer_profile(C_("zoe.anderson.982@example.com"))),
        # ---------------------------------------------------------------- customer.recommend
        ("ethan baker's coming in tomorrow, anything i should have ready to show him?", "customer.recommend",
         customer_recommend(C_("Ethan Baker"))),
        ("cust 710 - what else can we sell them", "customer.recommend", customer_recommend(C_("CUST-000710"))),
        ("owen.davis.360@example.com: which products should go in his reco email", "customer.recommend",
         customer_recommend(C_("owen.davis.360@example.com"))),
        ("leo clark just opened an account, what would you recommend to him", "customer.recommend",
         customer_recommend(C_("Leo Clark"))),
        # ---------------------------------------------------------------- bi.revenue
        ("how much have we banked year to date, and over how many orders", "bi.revenue", bi_revenue(YTD)),
        ("sales on dec 1st?", "bi.revenue", bi_revenue(DEC_1)),
        ("nye last year (31 dec 2024) - what did we take", "bi.revenue", bi_revenue(NYE24)),
        ("the week before christmas (15th-21st) - total sales + order count", "bi.revenue",
         bi_revenue(WEEK_BEFORE_XMAS)),
        ("last 3 weeks revnue", "bi.revenue", bi_revenue(LAST_3W)),
        ("monday's sales pls", "bi.revenue", bi_revenue(MON)),
        ("what have we turned over in the last 45 days", "bi.revenue", bi_revenue(P("last_days", 45))),
        # ---------------------------------------------------------------- bi.compare
        ("last 3 wks vs the 3 before, sales % diff", "bi.compare", bi_compare(LAST_3W, PREV_3W)),
        ("this week vs this time last year — are we up?", "bi.compare",
         bi_compare(P("this_week"), year_earlier(P("this_week")))),
        ("boxing day takings vs boxing day 2024", "bi.compare", bi_compare(BOXING, BOXING24)),
        ("summer 25 vs summer 24 (jun-aug) revenue", "bi.compare", bi_compare(SUMMER, SUMMER24)),
        ("sep '25 v sep '24 growth?", "bi.compare", bi_compare(P("month", 9), SEP24)),
        ("sales since black friday compared to the same dates last yr", "bi.compare",
         bi_compare(SINCE_BF, year_earlier(SINCE_BF))),
        # ---------------------------------------------------------------- bi.trend
        ("q1-q3 month by month revenue", "bi.trend", trend(Q1_Q3)),
        ("monthly rev for the last 12 full months", "bi.trend", trend(P("full_months", 12))),
        ("summer sales (jun/jul/aug) by month - which was best", "bi.trend", trend(SUMMER)),
        ("how did takings run each month through FY24/25 (jul 24 – jun 25)?", "bi.trend", trend(FY2425)),
        ("winter 24/25 (dec to feb) monthly takings", "bi.trend", trend(P("month_span", (12, 3), 2024))),
        # ---------------------------------------------------------------- bi.top_products
        ("top personal care sku by revenue year to date", "bi.top_products", bi_top_products(YTD, "personal care")),
        ("boxing day: which product shifted the most units", "bi.top_products", bi_top_products(BOXING, by="units")),
        ("#1 grocery line since black friday by qty", "bi.top_products",
         bi_top_products(SINCE_BF, "grocery", by="units")),
        ("q1-q3 best home decor product ($)", "bi.top_products", bi_top_products(Q1_Q3, "home decor")),
        ("top seller the week before christmas (15th–21st dec), by revenue", "bi.top_products",
         bi_top_products(WEEK_BEFORE_XMAS)),
        # ---------------------------------------------------------------- bi.categories
        ("which category won the summer (jun-aug)?", "bi.categories", bi_categories(SUMMER)),
        ("top dept over the last 3 weeks by $", "bi.categories", bi_categories(LAST_3W)),
        ("which category sold the most on dec 1st", "bi.categories", bi_categories(DEC_1)),
        ("q1-q3 2024 category leader by revenue", "bi.categories", bi_categories(Q1_Q3_24)),
        ("sep '24: highest grossing category", "bi.categories", bi_categories(SEP24)),
        # ---------------------------------------------------------------- bi.aov
        ("avg order value since black friday", "bi.aov", bi_aov(SINCE_BF)),
        ("avg $ per order the week of dec 8th", "bi.aov", bi_aov(WEEK_OF_8TH)),
        # ---------------------------------------------------------------- bi.returns
        ("returns + cancellations since black friday", "bi.returns", bi_returns(SINCE_BF)),
        ("over the summer (jun-aug), how many orders got returned or cancelled?", "bi.returns",
         bi_returns(SUMMER)),
        ("cancels/returns year to date", "bi.returns", bi_returns(YTD)),
        ("boxing day orders - any come back or get cancelled?", "bi.returns", bi_returns(BOXING)),
        ("sep '24 returned & cancelled order counts", "bi.returns", bi_returns(SEP24)),
        # ---------------------------------------------------------------- operations.suppliers
        ("all vendors: avg days to deliver and % of each PO filled", "operations.suppliers",
         operations_suppliers(ALL_SUPPLIERS)),
        ("bluewater trading — on time & in full?", "operations.suppliers", operations_suppliers([5])),
        ("how long does falcon take to deliver on avg", "operations.suppliers", operations_suppliers([1])),
        ("atlas vs granite lead times + fill rates side by side", "operations.suppliers",
         operations_suppliers([7, 2])),
        ("which vendor takes longest from PO to delivery", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        # ---------------------------------------------------------------- operations.fulfilment
        ("avg order-to-fulfil days since black friday", "operations.fulfilment", operations_fulfilment(SINCE_BF)),
        ("fulfilment time for orders placed in the week before christmas (15-21 dec)", "operations.fulfilment",
         operations_fulfilment(WEEK_BEFORE_XMAS)),
        ("how long did boxing day orders take to get out the door", "operations.fulfilment",
         operations_fulfilment(BOXING)),
        ("fulfilment days year to date, average", "operations.fulfilment", operations_fulfilment(YTD)),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("POs sitting in ordered status, not yet received - how many", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("stuff on order with vendors that hasnt arrived - count?", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("open purchase order count for the month-end report", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("anything weird in the orders since black friday?", "operations.anomalies", operations_anomalies(SINCE_BF)),
        ("last 3 weeks - any orders with odd pricing", "operations.anomalies", operations_anomalies(LAST_3W)),
        ("check the dec 1st orders for dodgy discounts", "operations.anomalies", operations_anomalies(DEC_1)),
        ("run the fraud checks on year to date orders", "operations.anomalies", operations_anomalies(YTD)),
        # ---------------------------------------------------------------- out of scope: shop documents / policies
        ("what's our refund policy on gift cards?", NONE[0], NONE[1]),
        ("where do we keep the fire evacuation plan for the store", NONE[0], NONE[1]),
        ("how many sick days do casuals get under our staff policy", NONE[0], NONE[1]),
        ("what does the atlas trading contract say about penalties for late delivery?", NONE[0], NONE[1]),
        ("is there a template for replying to a written customer complaint", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- out of scope: unrelated
        ("whats a good name for a golden retriever puppy", NONE[0], NONE[1]),
        ("how do i change a flat tyre", NONE[0], NONE[1]),
        ("explain the offside rule to me like im 5", NONE[0], NONE[1]),
        ("recommend a podcast for the drive home", NONE[0], NONE[1]),
        ("how do you say thank you in japanese", NONE[0], NONE[1]),
        # ---------------------------------------------------------------- threads (blind5)
        ("what's been our best seller since black friday?", "bi.top_products", bi_top_products(SINCE_BF), "e-t01"),
        ("ok who do we buy that one off", "inventory.supplier", inventory_supplier_of_top(SINCE_BF), "e-t01"),
        ("stock left on it?", "inventory.stock", inventory_stock_of_top(SINCE_BF), "e-t01"),
        ("q1-q3 revenue + orders", "bi.revenue", bi_revenue(Q1_Q3), "e-t02"),
        ("and the same 3 quarters of 2024?", "bi.revenue", bi_revenue(Q1_Q3_24), "e-t02"),
        ("so what's the yoy % on that", "bi.compare", bi_compare(Q1_Q3, Q1_Q3_24), "e-t02"),
        ("top spender over the summer (jun-aug)", "customer.best", customer_best(SUMMER), "e-t03"),
        ("what should we offer them for the new year", "customer.recommend", customer_recommend_top(SUMMER),
         "e-t03"),
        ("toys with zero stock?", "inventory.reorder", inventory_reorder("toys"), "e-t04"),
        ("what about the electronics side", "inventory.reorder", inventory_reorder("electronics"), "e-t04"),
        ("and stationery", "inventory.reorder", inventory_reorder("stationery"), "e-t04"),
        ("jacob jones - how many orders has he placed with us, total $, last one when?", "customer.profile",
         customer_profile(C_("Jacob Jones")), "e-t05"),
        ("what's he likely to want next", "customer.recommend", customer_recommend(C_("Jacob Jones")), "e-t05"),
        ("hows pioneer going on lead time and fill", "operations.suppliers", operations_suppliers([3]), "e-t06"),
        ("and apex?", "operations.suppliers", operations_suppliers([4]), "e-t06"),
        ("how many POs have we got out with suppliers now, all up", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO), "e-t06"),
        ("tailwag pet bed soh", "inventory.stock", inventory_stock(P_("TailWag Natural Pet Bed")), "e-t07"),
        ("next month's demand on it, roughly?", "inventory.forecast",
         inventory_forecast(P_("TailWag Natural Pet Bed")), "e-t07"),
        ("is it priced ok for the margin?", "inventory.pricing", inventory_pricing(P_("TailWag Natural Pet Bed")),
         "e-t07"),
        ("aov mtd?", "bi.aov", bi_aov(P("this_month")), "e-t08"),
        ("and this time last year?", "bi.aov", bi_aov(year_earlier(P("this_month"))), "e-t08"),
        ("avg fulfilment over the last 3 weeks", "operations.fulfilment", operations_fulfilment(LAST_3W), "e-t09"),
        ("and the 3 weeks before that?", "operations.fulfilment", operations_fulfilment(PREV_3W), "e-t09"),
        ("anything dodgy in saturday's orders", "operations.anomalies", operations_anomalies(SAT), "e-t10"),
        ("and sunday's?", "operations.anomalies", operations_anomalies(SUN), "e-t10"),
        ("what did we take over those two days all up", "bi.revenue", bi_revenue(P("last_weekend")), "e-t10"),
    ]


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions_blind5.jsonl")
    a = ap.parse_args()
    build_questions.DB = build_blind2.DB = DB = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    rows, last_in_thread = [], {}
    for n, e in enumerate(blind5(), 1):
        q, intent, facts = e[0], e[1], e[2]
        r = {"id": "e%03d" % n, "question": q, "agent": intent.split(".")[0], "intent": intent,
             "split": "blind5", "facts": facts}
        if len(e) > 3:
            r["thread"] = e[3]
            if e[3] in last_in_thread:
                r["follows"] = last_in_thread[e[3]]
            last_in_thread[e[3]] = r["id"]
        rows.append(r)
    here = os.path.dirname(os.path.abspath(__file__))
    bad = check_new(rows, [os.path.join(here, f) for f in OLD_SETS], "blind5")
    bad += check_ties(DB, rows)
    if bad:
        raise SystemExit("\n".join(bad))
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
