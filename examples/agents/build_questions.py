#!/usr/bin/env python3
"""Writes examples/agents/questions.jsonl (python3 stdlib only).

    python3 examples/agents/build_questions.py --db /tmp/agq-world/oiis.db

The questions below were written by hand; the train ones first, the holdout ones last and
separately (new wordings, not paraphrases of train questions). The db is read only to name the
months of a bi.trend question and to check that the customer names used are unique.
Each entry: (question, intent, facts[, thread]). In a thread, a question follows the one before
it in the same thread.
"""
import argparse
import json
import sqlite3

from facts_sql import (period, year_earlier, bi_revenue, bi_compare, bi_trend, bi_aov,
                       bi_returns, bi_top_products, bi_categories, inventory_reorder, inventory_stock,
                       inventory_forecast, inventory_pricing, inventory_report, inventory_supplier, customer_churn,
                       customer_best, customer_segments, customer_profile, customer_recommend,
                       customer_recommend_top, inventory_supplier_of_top, inventory_stock_of_top,
                       operations_suppliers, operations_fulfilment,
                       operations_purchase_orders, operations_anomalies, TODAY)

P = period
ALL_SUPPLIERS = list(range(1, 9))
OPEN_PO = ["ordered"]  # statuses present other than received (and no 'closed' in the world)

DB = None


def months(p):
    s, e = DB.execute(TODAY + " SELECT %s, %s FROM t" % p).fetchone()
    out = []
    y, m = int(s[:4]), int(s[5:7])
    while "%04d-%02d-01" % (y, m) < e:
        out.append("%04d_%02d" % (y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def trend(p):
    return bi_trend(p, months(p))


def train():
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("What products should I reorder this week?", "inventory.reorder", inventory_reorder()),
        ("what do i need to reordr", "inventory.reorder", inventory_reorder()),
        ("anything out of stock I should reorder in toys?", "inventory.reorder", inventory_reorder("toys")),
        ("reorder list for electronics pls", "inventory.reorder", inventory_reorder("electronics")),
        ("which items r out of stock", "inventory.reorder", inventory_reorder()),
        ("do we need to restock anything in beverages", "inventory.reorder", inventory_reorder("beverages")),
        ("what shld we order more of", "inventory.reorder", inventory_reorder()),
        ("stockouts in apparel?", "inventory.reorder", inventory_reorder("apparel")),
        # ---------------------------------------------------------------- inventory.stock
        ("how many yardly pruning shears lite do we have", "inventory.stock", inventory_stock("SKU-000001")),
        ("stock level for SKU-000076", "inventory.stock", inventory_stock("SKU-000076")),
        ("qty on hand nonnas eco rice?", "inventory.stock", inventory_stock("SKU-000017")),
        ("how much Glow Smart Body Lotion left", "inventory.stock", inventory_stock("SKU-000135")),
        ("r we out of the tiny titans science kit xl?", "inventory.stock", inventory_stock("SKU-000081")),
        ("on hand units of the Nestwell Eco Rug", "inventory.stock", inventory_stock("SKU-000041")),
        ("stock check: kestrel ultra webcam", "inventory.stock", inventory_stock("SKU-000079")),
        ("how many peakform cycling gloves in the warehouse", "inventory.stock", inventory_stock("SKU-000179")),
        # ---------------------------------------------------------------- inventory.forecast
        ("forecast demand for Nonna's Eco Rice next month", "inventory.forecast", inventory_forecast("SKU-000017")),
        ("how many tiny titans science kits will we sell next 4 wks", "inventory.forecast",
         inventory_forecast("SKU-000081")),
        ("demand forcast for SKU-000128", "inventory.forecast", inventory_forecast("SKU-000128")),
        ("expected sales of the furbest chew toy mini next week?", "inventory.forecast",
         inventory_forecast("SKU-000098")),
        ("projected qty for kidora smart plush bear", "inventory.forecast", inventory_forecast("SKU-000194")),
        ("will the glow smart body lotion mini sell well over the next 2 weeks", "inventory.forecast",
         inventory_forecast("SKU-000135")),
        ("predict demand nimbus pro charger 2 pack", "inventory.forecast", inventory_forecast("SKU-000033")),
        # ---------------------------------------------------------------- inventory.pricing
        ("Recommend pricing strategy for Nimbus Premium Tablet Mini", "inventory.pricing",
         inventory_pricing("SKU-000093")),
        ("should I raise the price of the kestrel power bank?", "inventory.pricing",
         inventory_pricing("SKU-000035")),
        ("pricing for nonna's premium peanut butter plus - too cheap?", "inventory.pricing",
         inventory_pricing("SKU-000019")),
        ("what price shld we set for SKU-000066", "inventory.pricing", inventory_pricing("SKU-000066")),
        ("is the hearth pro mirror priced right", "inventory.pricing", inventory_pricing("SKU-000160")),
        ("can we discount the lumen & oak planter?", "inventory.pricing", inventory_pricing("SKU-000012")),
        ("margin and pricing advice greenthumb garden hose", "inventory.pricing", inventory_pricing("SKU-000157")),
        # ---------------------------------------------------------------- inventory.report
        ("Generate inventory report for Q4 planning", "inventory.report", inventory_report(4)),
        ("inventory report for Q1 planning pls", "inventory.report", inventory_report(1)),
        ("give me a stock report to plan for the holiday quarter (Q4)", "inventory.report", inventory_report(4)),
        ("inv report, Q3 planning", "inventory.report", inventory_report(3)),
        ("need an inventory summary for planning Q2", "inventory.report", inventory_report(2)),
        ("whats our inventory position going into Q4? full report", "inventory.report", inventory_report(4)),
        # ---------------------------------------------------------------- inventory.supplier
        ("who supplies the Nestwell Eco Rug?", "inventory.supplier", inventory_supplier("SKU-000041")),
        ("supplier for SKU-000081", "inventory.supplier", inventory_supplier("SKU-000081")),
        ("who do we buy nonna's eco rice from", "inventory.supplier", inventory_supplier("SKU-000017")),
        ("which vendor makes the voltix headphones mini", "inventory.supplier", inventory_supplier("SKU-000138")),
        ("lead time + supplier for hearth everyday candle", "inventory.supplier", inventory_supplier("SKU-000032")),
        ("where do the peakform dumbbells come from (supplier)?", "inventory.supplier",
         inventory_supplier("SKU-000044")),
        # ---------------------------------------------------------------- customer.churn
        ("Show me customers at risk of churning", "customer.churn", customer_churn()),
        ("who's likely to churn", "customer.churn", customer_churn()),
        ("churn risk list", "customer.churn", customer_churn()),
        ("which customers stopped buying from us", "customer.churn", customer_churn()),
        ("customers we're about to lose?", "customer.churn", customer_churn()),
        ("how many custmers are at churn risk", "customer.churn", customer_churn()),
        ("lapsed customers in the last 3 months?", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("who are our best customers", "customer.best", customer_best()),
        ("top customer by revenue this year", "customer.best", customer_best(P("this_year"))),
        ("biggest spender last month?", "customer.best", customer_best(P("last_month"))),
        ("best customers Q3", "customer.best", customer_best(P("quarter", 3))),
        ("who spent the most w us last year", "customer.best", customer_best(P("last_year"))),
        ("our most valuable customer all time", "customer.best", customer_best()),
        ("top custmer last quarter", "customer.best", customer_best(P("last_quarter"))),
        ("vip customers last 90 days", "customer.best", customer_best(P("last_days", 90))),
        # ---------------------------------------------------------------- customer.segments
        ("show me customer segments", "customer.segments", customer_segments()),
        ("segment our customers", "customer.segments", customer_segments()),
        ("how are customers split into segments (rfm)?", "customer.segments", customer_segments()),
        ("customer segmentation breakdown pls", "customer.segments", customer_segments()),
        ("what kinds of customers do we have", "customer.segments", customer_segments()),
        ("rfm segments overview", "customer.segments", customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("tell me about James Hill", "customer.profile", customer_profile("CUST-000762")),
        ("customer profile for jack lee", "customer.profile", customer_profile("CUST-000057")),
        ("mason.king.742@example.com - how much have they spent?", "customer.profile",
         customer_profile("CUST-000742")),
        ("when did Chloe Miller last order?", "customer.profile", customer_profile("CUST-000981")),
        ("history for customer CUST-000060", "customer.profile", customer_profile("CUST-000060")),
        ("how many orders has jacob lopez placed", "customer.profile", customer_profile("CUST-000636")),
        ("profile: emma.jones.422@example.com", "customer.profile", customer_profile("CUST-000422")),
        ("grace clark's purchase history", "customer.profile", customer_profile("CUST-000091")),
        ("whats logan martin's total spend", "customer.profile", customer_profile("CUST-000702")),
        ("look up noah green", "customer.profile", customer_profile("CUST-000495")),
        # ---------------------------------------------------------------- customer.recommend
        ("what should I recommend to Jack Hall?", "customer.recommend", customer_recommend("CUST-000513")),
        ("products to offer amelia baker", "customer.recommend", customer_recommend("CUST-000231")),
        ("recs for lucas.scott.489@example.com", "customer.recommend", customer_recommend("CUST-000489")),
        ("what would grace lopez like to buy next", "customer.recommend", customer_recommend("CUST-000496")),
        ("cross-sell ideas for customer CUST-000535", "customer.recommend", customer_recommend("CUST-000535")),
        ("what to upsell to Henry Anderson", "customer.recommend", customer_recommend("CUST-000860")),
        ("recommend somethin for chloe lopez", "customer.recommend", customer_recommend("CUST-000127")),
        # ---------------------------------------------------------------- bi.revenue
        ("revenue last month?", "bi.revenue", bi_revenue(P("last_month")), "t01"),
        ("and the month before?", "bi.revenue", bi_revenue(P("months_ago", 2)), "t01"),
        ("what about the same month last yr", "bi.revenue", bi_revenue(year_earlier(P("months_ago", 2))), "t01"),
        ("how much did we sell today", "bi.revenue", bi_revenue(P("today"))),
        ("rev yesterday", "bi.revenue", bi_revenue(P("yesterday"))),
        ("total revnue this week", "bi.revenue", bi_revenue(P("this_week"))),
        ("sales last wk", "bi.revenue", bi_revenue(P("last_week"))),
        ("YTD revenue", "bi.revenue", bi_revenue(P("this_year"))),
        ("revenue Q3 2025", "bi.revenue", bi_revenue(P("quarter", 3, 2025))),
        ("how much did we make in march", "bi.revenue", bi_revenue(P("month", 3))),
        ("revenue last 7 days", "bi.revenue", bi_revenue(P("last_days", 7))),
        ("total sales 2024", "bi.revenue", bi_revenue(P("year", 2024))),
        ("rev this mo so far", "bi.revenue", bi_revenue(P("this_month"))),
        ("sales between 1 and 15 june 2025", "bi.revenue", bi_revenue(P("range", ("2025-06-01", "2025-06-15")))),
        # ---------------------------------------------------------------- bi.compare
        ("compare last month vs the month before", "bi.compare",
         bi_compare(P("last_month"), P("months_ago", 2))),
        ("last quarter vs previous quarter revenue", "bi.compare",
         bi_compare(P("last_quarter"), P("quarters_ago", 2))),
        ("how does YTD compare to last year", "bi.compare",
         bi_compare(P("this_year"), year_earlier(P("this_year")))),
        ("last week vs the week before", "bi.compare", bi_compare(P("last_week"), P("week_before_last"))),
        ("rev last 30 days vs the previous 30", "bi.compare",
         bi_compare(P("last_days", 30), P("days_before_last", 30))),
        ("Q3 vs Q3 last year", "bi.compare", bi_compare(P("quarter", 3), year_earlier(P("quarter", 3)))),
        ("is november up or down vs last year?", "bi.compare",
         bi_compare(P("month", 11), year_earlier(P("month", 11)))),
        ("growth this month vs same period last yr", "bi.compare",
         bi_compare(P("this_month"), year_earlier(P("this_month")))),
        ("2025 vs 2024 sales so far", "bi.compare", bi_compare(P("this_year"), year_earlier(P("this_year")))),
        ("% change in revenue last quarter vs the one before", "bi.compare",
         bi_compare(P("last_quarter"), P("quarters_ago", 2))),
        # ---------------------------------------------------------------- bi.trend
        ("Analyze last quarter's performance trends", "bi.trend", trend(P("last_quarter"))),
        ("monthly revenue this year", "bi.trend", trend(P("this_year"))),
        ("revenue trend by month for 2024", "bi.trend", trend(P("year", 2024))),
        ("how has revenue trended this quarter, month by month", "bi.trend", trend(P("this_quarter"))),
        ("show me the sales trend for Q2", "bi.trend", trend(P("quarter", 2))),
        ("month by month rev last yr", "bi.trend", trend(P("last_year"))),
        ("trends Q1 2025?", "bi.trend", trend(P("quarter", 1, 2025))),
        # ---------------------------------------------------------------- bi.top_products
        ("top selling products last month", "bi.top_products", bi_top_products(P("last_month"))),
        ("best seller this week by units", "bi.top_products", bi_top_products(P("this_week"), by="units")),
        ("top product in garden this year", "bi.top_products", bi_top_products(P("this_year"), "garden")),
        ("what sold the most last quarter (qty)", "bi.top_products",
         bi_top_products(P("last_quarter"), by="units")),
        ("top 5 products by rev YTD", "bi.top_products", bi_top_products(P("this_year"))),
        ("best selling electronics last month", "bi.top_products",
         bi_top_products(P("last_month"), "electronics")),
        ("which toy sold most units in december", "bi.top_products",
         bi_top_products(P("month", 12), "toys", by="units")),
        ("top products 2024", "bi.top_products", bi_top_products(P("year", 2024))),
        ("what's our #1 product last 30 days", "bi.top_products", bi_top_products(P("last_days", 30))),
        ("best sellers in grocery last wk", "bi.top_products", bi_top_products(P("last_week"), "grocery")),
        # ---------------------------------------------------------------- bi.categories
        ("top categories last month", "bi.categories", bi_categories(P("last_month"))),
        ("which category makes the most money this year", "bi.categories", bi_categories(P("this_year"))),
        ("revenue by category Q3", "bi.categories", bi_categories(P("quarter", 3))),
        ("best category last quarter", "bi.categories", bi_categories(P("last_quarter"))),
        ("category breakdown 2024", "bi.categories", bi_categories(P("year", 2024))),
        ("what category is driving sales this wk", "bi.categories", bi_categories(P("this_week"))),
        ("top cat by rev last 90 days", "bi.categories", bi_categories(P("last_days", 90))),
        ("categories ranked by revenue for october", "bi.categories", bi_categories(P("month", 10))),
        # ---------------------------------------------------------------- bi.aov
        ("AOV last month", "bi.aov", bi_aov(P("last_month"))),
        ("average order value this year", "bi.aov", bi_aov(P("this_year"))),
        ("whats the avg basket size this week ($)", "bi.aov", bi_aov(P("this_week"))),
        ("aov Q3 2025", "bi.aov", bi_aov(P("quarter", 3, 2025))),
        ("average order value yesterday", "bi.aov", bi_aov(P("yesterday"))),
        ("avg order $ last quarter", "bi.aov", bi_aov(P("last_quarter"))),
        ("AOV 2024", "bi.aov", bi_aov(P("year", 2024))),
        ("mean order value last 30 days", "bi.aov", bi_aov(P("last_days", 30))),
        # ---------------------------------------------------------------- bi.returns
        ("how many returns last month", "bi.returns", bi_returns(P("last_month"))),
        ("returns and cancellations this year", "bi.returns", bi_returns(P("this_year"))),
        ("cancelled orders this week?", "bi.returns", bi_returns(P("this_week"))),
        ("return rate last quarter", "bi.returns", bi_returns(P("last_quarter"))),
        ("how many orders got returned in Q3", "bi.returns", bi_returns(P("quarter", 3))),
        ("refunds / returns 2024", "bi.returns", bi_returns(P("year", 2024))),
        ("returns last 30 days", "bi.returns", bi_returns(P("last_days", 30))),
        # ---------------------------------------------------------------- operations.suppliers
        ("how are our suppliers performing", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("supplier lead times", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("fill rate by supplier", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("how reliable is Atlas Trading?", "operations.suppliers", operations_suppliers([7])),
        ("falcon imports lead time", "operations.suppliers", operations_suppliers([1])),
        ("is granite imports delivering on time", "operations.suppliers", operations_suppliers([2])),
        ("supplier scorecard pls", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("bluewater trading fill rate?", "operations.suppliers", operations_suppliers([5])),
        ("which supplier is the slowest", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("pioneer distribution performance", "operations.suppliers", operations_suppliers([3])),
        ("vendor performance review", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        # ---------------------------------------------------------------- operations.fulfilment
        ("how fast are we shipping orders this month", "operations.fulfilment",
         operations_fulfilment(P("this_month"))),
        ("avg fulfilment time last month", "operations.fulfilment", operations_fulfilment(P("last_month"))),
        ("order to ship time last week", "operations.fulfilment", operations_fulfilment(P("last_week"))),
        ("fulfillment speed Q3", "operations.fulfilment", operations_fulfilment(P("quarter", 3))),
        ("how long does it take to fulfil an order (this year)", "operations.fulfilment",
         operations_fulfilment(P("this_year"))),
        ("days to fulfil, last quarter", "operations.fulfilment", operations_fulfilment(P("last_quarter"))),
        ("fulfilment time 2024", "operations.fulfilment", operations_fulfilment(P("year", 2024))),
        ("are we getting slower at fulfilling? last 30 days", "operations.fulfilment",
         operations_fulfilment(P("last_days", 30))),
        ("shipping delays this wk?", "operations.fulfilment", operations_fulfilment(P("this_week"))),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("open purchase orders", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("how many POs are outstanding", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("PO status", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("any purchase orders still pending?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("what's on order from suppliers", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("pending POs not received yet", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("list open p.o.s", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("how many purchse orders are in progress", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("any suspicious orders this week?", "operations.anomalies", operations_anomalies(P("this_week"))),
        ("price anomalies last month", "operations.anomalies", operations_anomalies(P("last_month"))),
        ("anything weird in orders today", "operations.anomalies", operations_anomalies(P("today"))),
        ("fraud check yesterday's orders", "operations.anomalies", operations_anomalies(P("yesterday"))),
        ("flag unusual orders last week", "operations.anomalies", operations_anomalies(P("last_week"))),
        ("any anomalies this month", "operations.anomalies", operations_anomalies(P("this_month"))),
        ("outlier orders last 7 days?", "operations.anomalies", operations_anomalies(P("last_days", 7))),
        ("alerts for Q3", "operations.anomalies", operations_anomalies(P("quarter", 3))),
        ("suspicous orders in november", "operations.anomalies", operations_anomalies(P("month", 11))),
        ("strange pricing on orders this quarter?", "operations.anomalies",
         operations_anomalies(P("this_quarter"))),
        # ---------------------------------------------------------------- threads (train)
        ("who was our best customer last month", "customer.best", customer_best(P("last_month")), "t02"),
        ("what should I offer them?", "customer.recommend", customer_recommend_top(P("last_month")), "t02"),
        ("stock of the voltix deluxe charger?", "inventory.stock", inventory_stock("SKU-000196"), "t03"),
        ("who supplies it", "inventory.supplier", inventory_supplier("SKU-000196"), "t03"),
        ("how's their fill rate", "operations.suppliers", operations_suppliers([6]), "t03"),
        ("AOV this year", "bi.aov", bi_aov(P("this_year")), "t04"),
        ("and last year?", "bi.aov", bi_aov(P("last_year")), "t04"),
        ("top product last quarter", "bi.top_products", bi_top_products(P("last_quarter")), "t05"),
        ("and the quarter before that?", "bi.top_products", bi_top_products(P("quarters_ago", 2)), "t05"),
        ("what about by units", "bi.top_products", bi_top_products(P("quarters_ago", 2), by="units"), "t05"),
        ("any suspicious orders yesterday", "operations.anomalies", operations_anomalies(P("yesterday")), "t06"),
        ("and today?", "operations.anomalies", operations_anomalies(P("today")), "t06"),
        ("returns last month", "bi.returns", bi_returns(P("last_month")), "t07"),
        ("same for the month before", "bi.returns", bi_returns(P("months_ago", 2)), "t07"),
        ("tell me about abigail johnson", "customer.profile", customer_profile("CUST-000029"), "t08"),
        ("what else could we sell her", "customer.recommend", customer_recommend("CUST-000029"), "t08"),
        ("revenue in Q3?", "bi.revenue", bi_revenue(P("quarter", 3)), "t09"),
        ("what was the AOV then", "bi.aov", bi_aov(P("quarter", 3)), "t09"),
        ("and how many returns", "bi.returns", bi_returns(P("quarter", 3)), "t09"),
    ]


def holdout():
    """Written after the train set, in new wordings; not paraphrases of the train questions."""
    return [
        # ---------------------------------------------------------------- inventory.reorder
        ("household stuff running dry? what to buy", "inventory.reorder", inventory_reorder("household")),
        ("anything at zero stock I gotta buy?", "inventory.reorder", inventory_reorder()),
        ("toy aisle - what needs replenishing", "inventory.reorder", inventory_reorder("toys")),
        ("replenishment needs stationery", "inventory.reorder", inventory_reorder("stationery")),
        # ---------------------------------------------------------------- inventory.stock
        ("do we have enough FurBest Premium Cat Litter in the back?", "inventory.stock", inventory_stock("SKU-000115")),
        ("do we still have the mava natural sweater on the shelf", "inventory.stock",
         inventory_stock("SKU-000058")),
        ("inventory count sku-000106", "inventory.stock", inventory_stock("SKU-000106")),
        # ---------------------------------------------------------------- inventory.forecast
        ("how much of the farmfresh granola 2pk will move next month?", "inventory.forecast",
         inventory_forecast("SKU-000004")),
        ("sales outlook kestrel phone case lite", "inventory.forecast", inventory_forecast("SKU-000181")),
        ("expected units kidora science kit over the coming 30 days", "inventory.forecast",
         inventory_forecast("SKU-000069")),
        # ---------------------------------------------------------------- inventory.pricing
        ("voltix headphones mini aren't moving - price cut?", "inventory.pricing", inventory_pricing("SKU-000138")),
        ("price optimisation: SKU-000041", "inventory.pricing", inventory_pricing("SKU-000041")),
        ("what's the right price point for the auralis laptop sleeve", "inventory.pricing",
         inventory_pricing("SKU-000171")),
        # ---------------------------------------------------------------- inventory.report
        ("prep an inventory overview ahead of next Q1", "inventory.report", inventory_report(1)),
        ("stock valuation + planning pack for q4", "inventory.report", inventory_report(4)),
        ("build me the Q3 inventory planning report", "inventory.report", inventory_report(3)),
        # ---------------------------------------------------------------- inventory.supplier
        ("who ships us the peakform premium running shoes?", "inventory.supplier", inventory_supplier("SKU-000155")),
        ("which supplier do we get the tablet mini from", "inventory.supplier", inventory_supplier("SKU-000093")),
        ("sourcing for SKU-000012", "inventory.supplier", inventory_supplier("SKU-000012")),
        # ---------------------------------------------------------------- customer.churn
        ("who hasn't come back lately? churners", "customer.churn", customer_churn()),
        ("any regulars drifting away from us?", "customer.churn", customer_churn()),
        ("retention problem - which buyers went quiet", "customer.churn", customer_churn()),
        # ---------------------------------------------------------------- customer.best
        ("highest-value shopper this quarter", "customer.best", customer_best(P("this_quarter"))),
        ("who bought the most from us in 2024", "customer.best", customer_best(P("year", 2024))),
        ("last week's number one shopper", "customer.best", customer_best(P("last_week"))),
        # ---------------------------------------------------------------- customer.segments
        ("break the customer base into groups", "customer.segments", customer_segments()),
        ("champions vs at-risk vs new - how many of each", "customer.segments", customer_segments()),
        ("group shoppers by how recently and how often they buy", "customer.segments", customer_segments()),
        # ---------------------------------------------------------------- customer.profile
        ("summary of owen smith's account", "customer.profile", customer_profile("CUST-000617")),
        ("abigail.young.395@example.com order history", "customer.profile", customer_profile("CUST-000395")),
        ("ella wilson - last purchase & lifetime value?", "customer.profile", customer_profile("CUST-000418")),
        ("CUST-000077 details", "customer.profile", customer_profile("CUST-000077")),
        # ---------------------------------------------------------------- customer.recommend
        ("next best offer for Zoe Nelson", "customer.recommend", customer_recommend("CUST-000009")),
        ("personalised picks for james.nelson.734@example.com", "customer.recommend",
         customer_recommend("CUST-000734")),
        ("what could leo anderson be interested in?", "customer.recommend", customer_recommend("CUST-000740")),
        # ---------------------------------------------------------------- bi.revenue
        ("turnover for Q2 2024", "bi.revenue", bi_revenue(P("quarter", 2, 2024))),
        ("how'd we do last 14 days $$", "bi.revenue", bi_revenue(P("last_days", 14))),
        ("gross sales in august", "bi.revenue", bi_revenue(P("month", 8))),
        ("income this quarter to date", "bi.revenue", bi_revenue(P("this_quarter"))),
        # ---------------------------------------------------------------- bi.compare
        ("are we ahead of last year this quarter?", "bi.compare",
         bi_compare(P("this_quarter"), year_earlier(P("this_quarter")))),
        ("oct vs sept sales", "bi.compare", bi_compare(P("month", 10), P("month", 9))),
        ("past 7 days compared with the 7 before", "bi.compare",
         bi_compare(P("last_days", 7), P("days_before_last", 7))),
        # ---------------------------------------------------------------- bi.trend
        ("plot revenue per month for the current quarter", "bi.trend", trend(P("this_quarter"))),
        ("seasonality in 2024 - revenue each month", "bi.trend", trend(P("year", 2024))),
        ("how did sales evolve across Q3 2024", "bi.trend", trend(P("quarter", 3, 2024))),
        # ---------------------------------------------------------------- bi.top_products
        ("highest grossing item in sports this quarter", "bi.top_products",
         bi_top_products(P("this_quarter"), "sports")),
        ("most units moved yesterday", "bi.top_products", bi_top_products(P("yesterday"), by="units")),
        ("leading beverage by $ in 2024", "bi.top_products", bi_top_products(P("year", 2024), "beverages")),
        # ---------------------------------------------------------------- bi.categories
        ("which department brought in the most in november", "bi.categories", bi_categories(P("month", 11))),
        ("strongest product family this quarter by revenue", "bi.categories", bi_categories(P("this_quarter"))),
        ("winning category last 7 days", "bi.categories", bi_categories(P("last_days", 7))),
        # ---------------------------------------------------------------- bi.aov
        ("typical ticket size last wk", "bi.aov", bi_aov(P("last_week"))),
        ("spend per order this quarter", "bi.aov", bi_aov(P("this_quarter"))),
        ("avg cart value in september", "bi.aov", bi_aov(P("month", 9))),
        # ---------------------------------------------------------------- bi.returns
        ("how many orders came back or got cancelled in october", "bi.returns", bi_returns(P("month", 10))),
        ("rma count this quarter", "bi.returns", bi_returns(P("this_quarter"))),
        ("cancellations + returns last 7 days", "bi.returns", bi_returns(P("last_days", 7))),
        # ---------------------------------------------------------------- operations.suppliers
        ("rank vendors by on-time delivery", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        ("apex distribution - avg days to deliver a PO", "operations.suppliers", operations_suppliers([4])),
        ("does bluewater imports ship complete orders?", "operations.suppliers", operations_suppliers([8])),
        ("which vendors short-ship us", "operations.suppliers", operations_suppliers(ALL_SUPPLIERS)),
        # ---------------------------------------------------------------- operations.fulfilment
        ("dispatch turnaround in november", "operations.fulfilment", operations_fulfilment(P("month", 11))),
        ("how quickly did orders go out yesterday", "operations.fulfilment",
         operations_fulfilment(P("yesterday"))),
        ("warehouse processing time this quarter", "operations.fulfilment",
         operations_fulfilment(P("this_quarter"))),
        # ---------------------------------------------------------------- operations.purchase_orders
        ("incoming deliveries from vendors we're still waiting on", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        ("PO backlog?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO)),
        ("what replenishment orders are in flight", "operations.purchase_orders",
         operations_purchase_orders(OPEN_PO)),
        # ---------------------------------------------------------------- operations.anomalies
        ("audit last month's orders for anything fishy", "operations.anomalies", operations_anomalies(P("last_month"))),
        ("since monday, did any orders look off?", "operations.anomalies", operations_anomalies(P("this_week"))),
        ("odd discounts or mispriced orders in Q4?", "operations.anomalies", operations_anomalies(P("quarter", 4))),
        # ---------------------------------------------------------------- threads (holdout)
        ("takings for the week so far", "bi.revenue", bi_revenue(P("this_week")), "t10"),
        ("ok and how many of those orders look dodgy", "operations.anomalies",
         operations_anomalies(P("this_week")), "t10"),
        ("what about how fast they shipped", "operations.fulfilment", operations_fulfilment(P("this_week")), "t10"),
        ("which customer has spent the most with us so far this year?", "customer.best", customer_best(P("this_year")), "t11"),
        ("suggest a product for that person", "customer.recommend", customer_recommend_top(P("this_year")), "t11"),
        ("qty in stock for the greenthumb ultra pruning shears", "inventory.stock",
         inventory_stock("SKU-000076"), "t12"),
        ("how many will we need over the next four weeks", "inventory.forecast",
         inventory_forecast("SKU-000076"), "t12"),
        ("and should we change its price", "inventory.pricing", inventory_pricing("SKU-000076"), "t12"),
        ("what category carried us last quarter?", "bi.categories", bi_categories(P("last_quarter")), "t13"),
        ("and which one led the same quarter in 2024?", "bi.categories", bi_categories(year_earlier(P("last_quarter"))), "t13"),
        ("how is Bluewater Supply doing on lead times", "operations.suppliers", operations_suppliers([6]), "t14"),
        ("ok and how many POs are open in total?", "operations.purchase_orders", operations_purchase_orders(OPEN_PO),
         "t14"),
        ("best-selling pet product by units this year", "bi.top_products",
         bi_top_products(P("this_year"), "pet", by="units"), "t15"),
        ("who do we source it from", "inventory.supplier", inventory_supplier_of_top(P("this_year"), "pet", "units"),
         "t15"),
        ("how many are left on the shelf?", "inventory.stock", inventory_stock_of_top(P("this_year"), "pet", "units"),
         "t15"),
    ]


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="examples/agents/questions.jsonl")
    a = ap.parse_args()
    DB = sqlite3.connect(a.db)
    rows, last_in_thread, n = [], {}, 0
    for split, entries in (("train", train()), ("holdout", holdout())):
        for e in entries:
            n += 1
            qid = "q%03d" % n
            q, intent, facts = e[0], e[1], e[2]
            r = {"id": qid, "question": q, "agent": intent.split(".")[0], "intent": intent, "split": split,
                 "facts": facts}
            if len(e) > 3:
                r["thread"] = e[3]
                if e[3] in last_in_thread:
                    r["follows"] = last_in_thread[e[3]]
                last_in_thread[e[3]] = qid
            rows.append(r)
    # customer names used in questions must name one customer
    for name in ["James Hill", "Jack Lee", "Chloe Miller", "Jacob Lopez", "Grace Clark", "Logan Martin",
                 "Noah Green", "Jack Hall", "Amelia Baker", "Grace Lopez", "Henry Anderson", "Chloe Lopez",
                 "Abigail Johnson", "Owen Smith", "Ella Wilson", "Zoe Nelson", "Leo Anderson"]:
        c = DB.execute("SELECT count(*) FROM customers WHERE name = ?", (name,)).fetchone()[0]
        assert c == 1, (name, c)
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print("wrote %d questions to %s" % (len(rows), a.out))


if __name__ == "__main__":
    main()
